"""Files made for officers: spreadsheets of applications and the figures chart."""
