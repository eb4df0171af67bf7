"""Adoption analysis on an Assessment: the precheck, proxy cost, data-plane options and their catalogues. Pure."""
