"""Importing the spreadsheets réseaux already have: read, map columns, plan, then execute."""
