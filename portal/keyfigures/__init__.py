"""Key figures by gender from Kolada: the models (app label "portal", loaded through
portal.models), the HTTP client (client), the import and refresh (imports), the table rows and
charts (rows, charts), the reads (selectors) and the two pages (views)."""
