"""Allow ``python -m readiness``."""

from readiness.cli import main

if __name__ == "__main__":
    main()
