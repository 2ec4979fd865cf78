"""Jiaxiang Subdistrict public legal service bot: wiring, configuration, storage, services."""
