"""What every screen shares: words, style, small widgets and the PDF preview."""
