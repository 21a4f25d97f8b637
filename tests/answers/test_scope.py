"""The shipped scope model with the real multilingual encoder: what is turned away, what is answered.

A ministry's own work (a salary offer, leave days, labour statistics, a union's registration) is not
proposal writing; such questions were answered with snippets before the model was trained on them
(benchmarks/sets/scope-ministry-work; none of the questions below is in it). A project's own
administration in the domain's words (per diems, a caterer, a hotel for the ILO mission) was answered
too, until benchmarks/sets/scope-project-admin; none of these is in it either.
"""

from __future__ import annotations

import pytest

from bot.answers.scope import packaged_scope_model
from bot.index.encoders import MultilingualEmbeddings


@pytest.fixture(scope="module")
def in_scope():
    model, encoder = packaged_scope_model(), MultilingualEmbeddings()
    assert model is not None and model.encoder == "multilingual"
    return lambda question: model.probability(encoder.embed_query(question), question) >= model.threshold


@pytest.mark.parametrize("question", [
    pytest.param("El sindicato nos pide una propuesta de aumento salarial para la negociación colectiva, ¿qué porcentaje "
                 "propongo?", marks=pytest.mark.xfail(strict=True, reason=(
                     "ninth round: with the question's words beside its vector, 'propuesta' now outweighs the wage "
                     "talk (0.36, answered); a known failure, listed in docs/answers-evaluation.md"))),
    "The minister needs the latest informality rate for Jamaica for a cabinet briefing tomorrow.",
    "Quel est le délai pour enregistrer un nouveau syndicat auprès du ministère ?",
    "¿Cómo calculo la liquidación de un trabajador despedido sin causa?",
])
def test_questions_from_a_ministrys_own_work_are_turned_away(in_scope, question):
    assert not in_scope(question)


@pytest.mark.parametrize("question", [
    "¿Cómo formulo indicadores SMART para mi propuesta al BID?",
    "¿Qué problemas tenían los ministerios con los donantes según el taller?",
    "que es una linea de base",
    "Does the ILO have its own funds that a ministry can request for a project?",
    "Como a AECID apoia projetos de inspeção do trabalho?",
])
def test_proposal_questions_are_answered(in_scope, question):
    assert in_scope(question)


@pytest.mark.parametrize("question", [
    "¿Cómo lleno la planilla de viáticos del viaje a la reunión con el BID en Washington?",
    "The caterer for the donor workshop wants a 50% advance: can petty cash cover it?",
    "Qual hotel perto do ministério aceita nota de empenho para hospedar a missão da OIT?",
    "Comment déclarer les frais de taxi de la mission de l'OIT dans le système comptable ?",
    "My laptop won't connect to the projector for the meeting with the ILAB delegation, help",
])
def test_a_projects_administration_is_turned_away_though_it_names_donors(in_scope, question):
    assert not in_scope(question)


@pytest.mark.parametrize("question", [
    "¿Cómo presupuesto los viáticos y los talleres dentro de la propuesta al BID?",
    "How do I cost the workshops and travel in the budget of a USDOL proposal?",
    "Como justifico as diárias e passagens no orçamento da proposta para a AECID?",
])
def test_budgeting_the_same_costs_in_a_proposal_is_answered(in_scope, question):
    assert in_scope(question)


@pytest.mark.parametrize("question", [
    "Can I still apply to ILAB?",
    "How do I take part in INTERCOONECTA?",
    "¿La OIT todavía financia proyectos de inspección?",
])
def test_a_short_question_on_applying_to_a_named_donor_is_in_scope(question):
    # Ninth round: the model alone read "Can I still apply to ILAB?" (0.20) like a mission's logistics
    # naming the same donor; a named donor with "apply", "take part", "fund"… keeps it in scope.
    from bot.answers.understanding import asks_about_a_donor

    assert asks_about_a_donor(question)
    assert not asks_about_a_donor("¿Cómo lleno la planilla de viáticos del viaje a la reunión con el BID?")


@pytest.mark.parametrize("question", [
    # Twelfth round: trained with benchmarks/sets/scope-near-domain (none of these is in it); a lender's
    # procurement rules during execution were answered before (0.25 at a 0.25 threshold).
    "Quel est le seuil pour une sélection par entente directe dans un prêt de la Banque mondiale en cours d'exécution ?",
    "¿Qué formato pide Hacienda para el informe trimestral de ejecución presupuestaria del ministerio y cuándo vence?",
    "Quais são as obrigações do Brasil pela Convenção 155 da OIT sobre segurança e saúde no trabalho?",
])
def test_near_domain_chores_are_turned_away(in_scope, question):
    assert not in_scope(question)


def test_a_question_on_what_an_ilo_convention_requires_is_not_a_question_on_the_ilo_as_a_donor():
    # Eleventh round, blind: "what [Convention 190] requires of governments" named the ILO with "requires",
    # so it was kept in scope as a question on a donor's requirements, and answered with the ILO's manual.
    from bot.answers.understanding import asks_about_a_donor

    assert not asks_about_a_donor("The Minister has to brief cabinet on whether we should ratify ILO Convention 190 "
                                  "on violence and harassment. Can you summarise what it requires of governments?")
    assert asks_about_a_donor("¿La OIT financia proyectos para aplicar el Convenio 81?")
    assert asks_about_a_donor("¿Qué exige la OIT en una propuesta de cooperación?")


def test_a_question_on_a_donors_sheet_in_the_knowledge_base_is_in_scope():
    # Twelfth round, blind: turned away by the scope model (0.18), answered by neither path.
    from bot.answers.understanding import asks_about_a_donor

    assert asks_about_a_donor("I'm writing a briefing for our Vice-Minister based on your Canada sheet. How up to date "
                              "is it, and which points in it rest only on secondary sources, so I can flag them?")
    assert asks_about_a_donor("¿La ficha del BID está actualizada?")


@pytest.mark.parametrize("question", [
    "¿De cuánta plata hablamos con la terminación de las subvenciones de ILAB? Necesito la cifra.",
    "How much money did the ILO say it was short of?",
])
def test_how_much_money_a_named_donor_gave_or_cut_is_a_question_on_the_donor(question):
    # Twenty-second round, blind (after its measurement): the amount of ILAB's terminated grants, which the ILAB
    # sheet gives, was answered "nothing found" (scope 0.29).
    from bot.answers.understanding import asks_about_a_donor

    assert asks_about_a_donor(question)
    # A grant's administration says no money word: it stays a question of the project's own paperwork.
    assert not asks_about_a_donor("¿Cuál es el procedimiento de la AECID para justificar los gastos de una "
                                  "subvención ya concedida?")


@pytest.mark.parametrize("question", [
    "Can you point me to some good reading on theory of change before our planning retreat next month?",
    "¿Dónde aprendo a hacer un buen árbol de problemas? Nunca hice uno.",
    "O quadro lógico tem que ter quantas colunas?",
])
def test_a_question_naming_a_design_method_the_knowledge_base_explains_is_held_in_scope(question):
    # Twenty-third round, blind: reading on theory of change was turned away (scope 0.20), on both paths.
    from types import SimpleNamespace

    from bot.answers.policy import PolicyOptions, RetrievalPolicy
    from bot.answers.search import SearchResult, Signals
    from bot.models import Passage

    found = Passage("p", "La teoría del cambio parte de la meta de largo plazo.", "Métodos", "Teoría del cambio",
                    "metodos.es.md", "es")
    search = SimpleNamespace(search=lambda *args, **kwargs: SearchResult([found], Signals(scope=0.20)))
    policy = RetrievalPolicy(search, None, PolicyOptions())
    assert policy.for_question(question).in_scope
    for other in ["¿Cuántos días de vacaciones me corresponden este año?",
                  "How do I change the theory exam date at the training school?"]:
        assert not policy.for_question(other).in_scope
