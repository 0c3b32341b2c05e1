"""Documents as files: the content the domain assembles (domain/documents) rendered from the templates in
templates/ — DOCX by docxtpl, PDF by Typst in the shared Decree 30 layout with the fonts in fonts/, XLSX by
openpyxl — behind one call (rendering.py); a province's own templates checked on upload (templates.py) and
rendered in sandboxed processes killed at their deadline (sandbox.py)."""
