"""Prefect flows: thin wrappers that string together the plain functions of the followup package."""
