"""Schemas of the surveys domain: questionnaire templates and their questions, surveys, the
answering form and answers, and results."""

from __future__ import annotations


# --- templates and questions -------------------------------------------------------------------


# --- surveys -----------------------------------------------------------------------------------


# --- answering ---------------------------------------------------------------------------------


# --- results -----------------------------------------------------------------------------------
