"""The surveys domain: questionnaire templates, surveys sent with personal links, answers and
results."""
