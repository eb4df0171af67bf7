"""The use cases the command line and the interview share: scan, assess, precheck, render.

Each module is one use case (or the inputs and rules they read). They take typed requests, report progress and
notices through callables they are given, and return typed results; they print nothing themselves.
"""
