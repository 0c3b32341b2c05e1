"""What isotrail's documents say — pure: each is a Decree 30/2020 frame (form.py) around a body of facts read from
the records, as plain values a renderer lays out (services/documents turns them into DOCX, PDF and XLSX)."""
