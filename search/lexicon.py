"""The German word lists search needs: stop words, council abbreviations and a seed vocabulary.

The seed vocabulary is a starting point for the decompounder (``search.analysis.Decompounder``):
compound parts that a town's archive is sure to contain even before it is indexed. The
vocabulary that really counts is built from the index itself (``search.models.VocabularyWord``).
All entries are written in their everyday spelling; they are folded like every other word.
"""

# Words a reader types between the words that matter. They stay in the index (phrases need
# them) but are dropped from unquoted queries, so "Antrag zur Sanierung" means "Antrag Sanierung".
STOP_WORDS = frozenset(
    """
    aber alle als also am an auch auf aus bei bis da damit dann das dass dem den der des die dies
    diese dieser doch durch ein eine einem einen einer eines es für hat im in ins ist mit nach nicht
    noch nur oder sich sie so über um und uns vom von vor war was wie wir wird zu zum zur
    """.split()
)

# Abbreviations councils use every day. Each group is a set of equivalent expressions: any member
# in a query also searches for all others. Multi-word members are searched as phrases.
SYNONYM_GROUPS = [
    ["OB", "Oberbürgermeister", "Oberbürgermeisterin"],
    ["BM", "Bürgermeister", "Bürgermeisterin"],
    ["OZG", "Onlinezugangsgesetz"],
    ["TOP", "Tagesordnungspunkt"],
    ["B-Plan", "Bebauungsplan"],
    ["F-Plan", "Flächennutzungsplan"],
    ["FNP", "Flächennutzungsplan"],
    ["ÖPNV", "Nahverkehr", "öffentlicher Personennahverkehr"],
    ["HA", "Hauptausschuss"],
    ["StR", "Stadtrat"],
    ["SR", "Stadtrat"],
    ["GO", "Geschäftsordnung"],
    ["KiTa", "Kindertagesstätte", "Kindertageseinrichtung"],
    ["Kita", "Kindertagesstätte"],
    ["FW", "Feuerwehr"],
    ["FFW", "Freiwillige Feuerwehr"],
    ["DSGVO", "Datenschutz-Grundverordnung", "Datenschutzgrundverordnung"],
    ["BauGB", "Baugesetzbuch"],
    ["KVG", "Kommunalverfassungsgesetz"],
    ["GemO", "Gemeindeordnung"],
    ["VO", "Vorlage"],
    ["DS", "Drucksache"],
    ["ÄA", "Änderungsantrag"],
    ["AfD", "Alternative für Deutschland"],
    ["E-Government", "eGovernment", "elektronische Verwaltung"],
]

# Compound parts a council archive always contains. Bigger archives bring their own vocabulary.
SEED_WORDS = """
    abfall abwasser amt anfrage angebot anlage antrag antwort arbeit ausbau ausschuss
    bahnhof bau bauen bebauung bericht beschluss betrieb bibliothek bildung breitband brücke
    bürger büro dach daten dienst digital digitalisierung eigentum einrichtung energie entwicklung
    fahrrad familie feuer feuerwehr finanz finanzen fläche förderung freizeit friedhof garten
    gebäude gebühr gemeinde gerät gericht gesetz gesundheit gewerbe grund grundschule grün gymnasium
    hafen halle haus haushalt heim hilfe hof jugend kind kinder kirche klima kosten kreis kultur
    land lärm leistung licht markt mittel museum musik nutzung netz ordnung ort park parken
    personal plan platz polizei rad rat recht regel rettung sanierung satzung schule schutz see
    senioren sicherheit sitzung sozial spiel sport stadt stelle steuer straße strom system tag
    technik theater tier tourismus umwelt unterhalt verkehr verwaltung vertrag wahl wald wasser
    weg wege werk wirtschaft wohnen wohnung zentrum zugang zukunft
""".split()
