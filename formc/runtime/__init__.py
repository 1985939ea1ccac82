"""The runtime for single submissions: the filled-form PDF/A receipt and what rendering PDFs needs."""
