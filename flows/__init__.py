"""Prefect flows: thin wrappers that string together the plain functions in followup.jobs."""
