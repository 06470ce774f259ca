"""Core types shared by every stage, rule and reporter."""
