"""The decision engine: questionnaire checks, answers and their precedence, scoring, verdict, plan, assessment. Pure."""
