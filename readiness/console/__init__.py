"""All terminal text: the verdict summary, the questionnaire, the scan and precheck tables, messages."""
