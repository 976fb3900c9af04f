"""gazette-kg: Chinese government gazettes (政府公报) as a knowledge graph."""

__version__ = "0.1.0"
