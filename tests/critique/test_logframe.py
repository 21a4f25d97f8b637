"""Logframe tables in a .docx read as tables and checked row by row (issue 16)."""

from __future__ import annotations

import docx

from bot.critique.annotate import annotate_docx
from bot.critique.logframe import check_logframe, find_logframes, read_docx_tables
from bot.index.reading import FileLimits, docx_blocks

HEADER = ["Resumen narrativo", "Indicadores", "Línea de base", "Meta", "Medios de verificación", "Supuestos"]
ROWS = [
    ["Fin: contribuir a reducir la informalidad laboral",
     "Tasa de informalidad de los asalariados", "62 % (2023)", "55 % a diciembre de 2028",
     "Encuesta de hogares del INE", ""],
    ["Propósito: la inspección del trabajo llega a las zonas rurales",
     "Inspecciones en fincas por año", "", "600 en 2027", "Sistema de casos de la inspección", ""],
    ["Resultado 1: inspectores formados en inspección rural",
     "Inspectores que aprueban el curso", "0 (2024)", "80", "", "Los inspectores formados permanecen en su puesto"],
    ["Actividad 1.1: diseñar y dictar el curso de inspección rural", "", "", "", "",
     "El proyecto contratará a los formadores a tiempo"],
]


def _document(path, rows=ROWS, merged_title=True):
    document = docx.Document()
    document.add_heading("Marco lógico", 1)
    document.add_paragraph("La matriz resume la lógica del proyecto.")
    table = document.add_table(rows=1 + len(rows) + (1 if merged_title else 0), cols=len(HEADER))
    for j, text in enumerate(HEADER):
        table.rows[0].cells[j].text = text
    offset = 1
    if merged_title:  # a title row merged across every column
        merged = table.rows[1].cells[0].merge(table.rows[1].cells[len(HEADER) - 1])
        merged.text = "Componente 1: inspección rural"
        offset = 2
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.rows[i + offset].cells[j].text = text
    document.save(path)
    return path


def _findings(path, language="es"):
    tables = read_docx_tables(path)
    frames = find_logframes(tables)
    assert len(frames) == 1
    return frames[0], check_logframe(frames[0], language)


def test_merged_cells_are_read_once(tmp_path):
    tables = read_docx_tables(_document(tmp_path / "mml.docx"))
    title_row = tables[0][1]
    assert title_row == ["Componente 1: inspección rural"]


def test_each_indicator_needs_a_baseline_a_dated_target_and_a_means_of_verification(tmp_path):
    frame, findings = _findings(_document(tmp_path / "mml.docx"))
    by_row = {f.row[1]: f for f in findings if f.criterion == "indicators"}
    assert 2 not in by_row  # Fin: baseline, dated target and source are all there
    assert "línea de base" in by_row[3].reason  # Propósito: no baseline
    assert "medio de verificación" in by_row[4].reason and "fecha" in by_row[4].reason  # Resultado 1
    assert all(f.row[0] == 0 for f in findings)


def test_assumptions_sit_at_the_right_level(tmp_path):
    _, findings = _findings(_document(tmp_path / "mml.docx"))
    risks = {f.row[1]: f for f in findings if f.criterion == "risks"}
    assert 3 in risks and "supuesto" in risks[3].reason  # Propósito: no assumption
    assert 5 in risks and "depende del propio proyecto" in risks[5].reason  # Actividad: not external
    assert 2 not in risks  # none is needed at the goal level


def test_vertical_logic_is_checked_from_activities_up_to_the_goal(tmp_path):
    shuffled = [ROWS[3], ROWS[1], ROWS[2]]  # activities first, and no goal at all
    _, findings = _findings(_document(tmp_path / "mml.docx", shuffled, merged_title=False))
    chain = [f for f in findings if f.criterion == "results_chain"]
    assert any("fin" in f.reason.lower() for f in chain)  # the missing level is named
    assert any(f.row == (0, 2) for f in chain)  # the purpose row placed below the activities


def test_a_complete_logframe_has_no_vertical_logic_finding(tmp_path):
    _, findings = _findings(_document(tmp_path / "mml.docx"))
    assert not [f for f in findings if f.criterion == "results_chain"]


def test_a_table_that_is_not_a_logframe_is_left_alone(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Rubro", "Monto (US$)"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Consultorías", "120.000"
    document.save(tmp_path / "presupuesto.docx")
    assert find_logframes(read_docx_tables(tmp_path / "presupuesto.docx")) == []


def test_a_whole_draft_gets_a_logframe_critique_whose_comments_point_at_the_rows(tmp_path, critic):
    source = _document(tmp_path / "mml.docx")
    report = critic.critique_blocks(docx_blocks(source, FileLimits()), filename="mml.docx", language="es",
                                    tables=read_docx_tables(source))
    frames = [c for c in report.sections if c.title and "marco lógico" in c.title.lower() and c.findings
              and all(f.row for f in c.findings)]
    assert frames
    target = tmp_path / "comentado.docx"
    annotate_docx(source, target, report, author="Coach", initials="PC")
    table = docx.Document(str(target)).tables[0]
    assert "commentRangeStart" in table.rows[3].cells[0]._tc.xml  # the purpose row, no baseline
    assert [p.text for p in docx.Document(str(target)).paragraphs] == \
        [p.text for p in docx.Document(str(source)).paragraphs]
