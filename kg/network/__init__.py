"""Networks of the graph (built through SPARQL), their metrics, research matrices and
exports (GEXF with dates, GraphML, CSV)."""

from kg.network.build import Filters, affiliation, citations, coparticipation, duties
from kg.network.exports import edges_csv, gexf_bytes, graphml_bytes, nodes_csv
from kg.network.matrices import coappearance, incidence, period_of
from kg.network.metrics import METRICS, add_metrics, leaders

KINDS = {"persons": coparticipation, "affiliation": affiliation, "duties": duties, "citations": citations}

__all__ = ["Filters", "KINDS", "METRICS", "add_metrics", "affiliation", "citations", "coappearance", "coparticipation",
           "duties", "edges_csv", "gexf_bytes", "graphml_bytes", "incidence", "leaders", "nodes_csv", "period_of"]
