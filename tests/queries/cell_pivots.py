"""The pivot queries as they were before the aggregates: the same rows computed from every table cell at query
time. tests/queries/test_aggregates.py compares the aggregates the ingest writes against them, so each aggregate
is checked against the sum computed from the cells by an independent route (SPARQL over the cells, not the
Python that derived it)."""

from __future__ import annotations

CELL_PIVOTS = {
    "department-totals": """
SELECT ?department ?year ?kind ?document ?phase (SUM(?amount) AS ?total)
WHERE {
  GRAPH ?graph {
    ?obs bgt:functionalClassification/skos:notation ?code ;
         qb:dataSet ?tableNode ;
         bgt:organization ?dept ;
         bgt:measure/skos:prefLabel ?measureLabel ;
         bgt:budgetPhase/skos:prefLabel ?phaseLabel ;
         bgt:amount ?amount .
    FILTER(STRLEN(STR(?code)) = 3 && STR(?measureLabel) = "合计")
    ?tableNode bgt:tableKind "expenditure-summary" ;
               dct:isPartOf ?document .
    ?dept skos:prefLabel ?departmentLabel .
    FILTER EXISTS { ?dept a bgt:Department }
    ?document bgt:fiscalYear ?year ;
              bgt:documentKind ?kindNode .
  }
  BIND(STR(?departmentLabel) AS ?department)
  BIND(IF(?kindNode = bgt:FinalAccounts, "决算", "预算") AS ?kind)
  BIND(STR(?phaseLabel) AS ?phase)
}
GROUP BY ?department ?year ?kind ?document ?phase
ORDER BY ?department ?year ?kind ?phase
""",
    "expenditure-by-function": """
SELECT ?document ?table ?code ?name ?level ?phase ?amount ?childrenSum
WHERE {
  # Two scans of the 合计 cells, joined on (graph, table, phase, organization, code): each cell, and the sum of
  # its direct children (same table, measure, phase and organization, a narrower code). Each is one pass over
  # the store; a lookup of the children per cell would cost one index seek per cell and child.
  {
    SELECT ?graph ?obs ?concept ?tableNode ?phaseNode ?organization ?amount
    WHERE {
      GRAPH ?graph {
        ?measure skos:prefLabel ?measureLabel .
        FILTER(STR(?measureLabel) = "合计")
        ?obs bgt:measure ?measure ;
             bgt:functionalClassification ?concept ;
             qb:dataSet ?tableNode ;
             bgt:budgetPhase ?phaseNode ;
             bgt:organization ?organization ;
             bgt:amount ?amount .
      }
    }
  }
  GRAPH ?graph {
    ?organization a bgt:Department .
    ?phaseNode skos:prefLabel ?phaseLabel .
    ?tableNode dct:isPartOf ?document ;
               bgt:tableNumber ?table .
    ?concept skos:notation ?code .
    OPTIONAL { ?concept skos:prefLabel ?nameLabel }
  }
  OPTIONAL {
    SELECT ?graph ?tableNode ?phaseNode ?organization ?concept (SUM(?childAmount) AS ?childrenSum)
    WHERE {
      GRAPH ?graph {
        ?totalMeasure skos:prefLabel ?totalLabel .
        FILTER(STR(?totalLabel) = "合计")
        ?child bgt:measure ?totalMeasure ;
               bgt:functionalClassification ?childConcept ;
               qb:dataSet ?tableNode ;
               bgt:budgetPhase ?phaseNode ;
               bgt:organization ?organization ;
               bgt:amount ?childAmount .
        ?childConcept skos:broader ?concept .
      }
    }
    GROUP BY ?graph ?tableNode ?phaseNode ?organization ?concept
  }
  BIND(STR(?nameLabel) AS ?name)
  BIND(STR(?phaseLabel) AS ?phase)
  BIND(IF(STRLEN(?code) = 3, "类", IF(STRLEN(?code) = 5, "款", "项")) AS ?level)
}
ORDER BY ?document ?table ?code ?phase
""",
    "basic-vs-project-by-code": """
SELECT ?document ?table ?code ?name ?phase ?basic ?project
WHERE {
  # the 基本支出 and the 项目支出 cells of each row, found from their measure within each document's graph
  { SELECT ?graph ?concept ?tableNode ?phaseNode ?department ?basic
    WHERE {
      GRAPH ?graph {
        ?bMeasure skos:prefLabel ?bLabel .
        FILTER(STR(?bLabel) = "基本支出")
        ?b bgt:measure ?bMeasure ;
           bgt:functionalClassification ?concept ;
           qb:dataSet ?tableNode ;
           bgt:budgetPhase ?phaseNode ;
           bgt:organization ?department ;
           bgt:amount ?basic .
      }
    } }
  { SELECT ?graph ?concept ?tableNode ?phaseNode ?department ?project
    WHERE {
      GRAPH ?graph {
        ?pMeasure skos:prefLabel ?pLabel .
        FILTER(STR(?pLabel) = "项目支出")
        ?p bgt:measure ?pMeasure ;
           bgt:functionalClassification ?concept ;
           qb:dataSet ?tableNode ;
           bgt:budgetPhase ?phaseNode ;
           bgt:organization ?department ;
           bgt:amount ?project .
      }
    } }
  GRAPH ?graph {
    ?department a bgt:Department .
    ?tableNode dct:isPartOf ?document ;
               bgt:tableNumber ?table .
    ?concept skos:notation ?code .
    ?phaseNode skos:prefLabel ?phaseText .
  }
  OPTIONAL { GRAPH ?graph { ?concept skos:prefLabel ?nameLabel } }
  BIND(STR(?nameLabel) AS ?name)
  BIND(STR(?phaseText) AS ?phase)
}
ORDER BY ?document ?table ?code ?phase
""",
    "three-public-by-unit": """
SELECT ?document ?year ?organization ?measure ?budget ?execution
WHERE {
  # Three scans of the 三公 cells, joined on (document, organization, measure): the rows, the 预算数 cells and
  # the 执行数 cells. Each is one pass over the store; a lookup per row would cost one index seek per cell.
  {
    SELECT DISTINCT ?document ?year ?org ?measureNode ?orgLabel ?measureLabel
    WHERE {
      GRAPH ?graph {
        ?tableNode bgt:tableKind "three-public" ;
                   dct:isPartOf ?document .
        ?document bgt:fiscalYear ?year .
        ?obs qb:dataSet ?tableNode ;
             bgt:organization ?org ;
             bgt:measure ?measureNode .
        ?org skos:prefLabel ?orgLabel .
        ?measureNode skos:prefLabel ?measureLabel .
      }
    }
  }
  OPTIONAL {
    SELECT ?document ?org ?measureNode ?budget
    WHERE {
      GRAPH ?graph {
        ?tableNode bgt:tableKind "three-public" ;
                   dct:isPartOf ?document .
        ?phaseNode skos:prefLabel "预算数"@zh .
        ?b qb:dataSet ?tableNode ;
           bgt:budgetPhase ?phaseNode ;
           bgt:organization ?org ;
           bgt:measure ?measureNode ;
           bgt:amount ?budget .
      }
    }
  }
  OPTIONAL {
    SELECT ?document ?org ?measureNode ?execution
    WHERE {
      GRAPH ?graph {
        ?tableNode bgt:tableKind "three-public" ;
                   dct:isPartOf ?document .
        ?phaseNode skos:prefLabel "执行数"@zh .
        ?e qb:dataSet ?tableNode ;
           bgt:budgetPhase ?phaseNode ;
           bgt:organization ?org ;
           bgt:measure ?measureNode ;
           bgt:amount ?execution .
      }
    }
  }
  BIND(STR(?orgLabel) AS ?organization)
  BIND(STR(?measureLabel) AS ?measure)
}
ORDER BY ?document ?organization ?measure
""",
    # the project listings before the project aggregates: each project's indicators, numeric targets and
    # legal bases looked up from its own triples
    "qualitative-only-projects": """
SELECT ?project ?unit (COUNT(DISTINCT ?ind) AS ?indicators)
WHERE {
  GRAPH ?graph {
    ?node a bgt:Project ;
          rdfs:label ?projectLabel ;
          bgt:hasIndicator ?ind .
    FILTER NOT EXISTS { ?node bgt:hasIndicator ?numeric . ?numeric bgt:targetNumber ?n }
    OPTIONAL { ?node bgt:implementedBy ?unitNode . ?unitNode skos:prefLabel ?unitLabel }
  }
  BIND(STR(?projectLabel) AS ?project)
  BIND(STR(?unitLabel) AS ?unit)
}
GROUP BY ?project ?unit
""",
    "projects-without-legal-basis": """
SELECT ?document ?project ?unit ?amount
WHERE {
  GRAPH ?graph {
    ?node a bgt:Project ;
          dct:isPartOf ?document ;
          rdfs:label ?projectLabel .
    FILTER NOT EXISTS { ?node bgt:legalBasis ?policy }
    OPTIONAL { ?node bgt:implementedBy ?unitNode . ?unitNode skos:prefLabel ?unitLabel }
    OPTIONAL { ?node bgt:amount ?amount }
  }
  BIND(STR(?projectLabel) AS ?project)
  BIND(STR(?unitLabel) AS ?unit)
}
""",
    "public-operating-breakdown": """
SELECT ?document ?table ?code ?name ?measure ?amount
WHERE {
  GRAPH ?graph {
    # the 302 codes first (a few per document), then their cells: not every economic cell of the page
    ?concept skos:notation ?code .
    FILTER(STRSTARTS(?code, "302"))
    ?obs bgt:economicClassification ?concept ;
         bgt:organization ?department ;
         qb:dataSet ?tableNode ;
         bgt:measure ?measureNode ;
         bgt:amount ?amount .
    # the department's type as a filter and the measure's label as a pattern of its own: a quarter faster
    # than a type pattern and a property path (Oxigraph otherwise joins them early)
    FILTER EXISTS { ?department a bgt:Department }
    ?measureNode skos:prefLabel ?measureLabel .
    OPTIONAL { ?concept skos:prefLabel ?nameLabel }
    ?tableNode dct:isPartOf ?document ;
               bgt:tableNumber ?table .
  }
  BIND(STR(?nameLabel) AS ?name)
  BIND(STR(?measureLabel) AS ?measure)
}
ORDER BY ?document ?table ?code ?measure
""",
}
