"""Importers: read files of every kind into feedback rows, customers and human tags."""
