"""The stats page: plotly figures in one static HTML file (plotly.js inlined once, no server)."""
from __future__ import annotations

import datetime
import statistics
from importlib import resources

from iac_review.stats.tables import CorpusStats

SEVERITIES = ("Critical", "High", "Medium", "Low")
SEVERITY_COLORS = {"Critical": "#b00020", "High": "#e65100", "Medium": "#f9a825", "Low": "#1565c0"}


def figures(stats: CorpusStats, top: int = 25) -> list[tuple[str, str, object]]:
    """(anchor, title, plotly figure) for each plot that has data."""
    import plotly.graph_objects as go  # deferred: only the page needs plotly

    out = []
    sources = sorted({s for counts in stats.by_category.values() for s in counts})
    if stats.by_category:
        ranked = sorted(stats.by_category.items(), key=lambda item: sum(item[1].values()))[-top:]
        fig = go.Figure([go.Bar(name=source, orientation="h", y=[c for c, _ in ranked],
                                x=[counts.get(source, 0) for _, counts in ranked]) for source in sources])
        fig.update_layout(barmode="stack", height=max(360, 22 * len(ranked) + 120))
        out.append(("categories", "Defects per category", fig))
    if stats.by_rule:
        ranked = stats.by_rule.most_common(top)[::-1]
        fig = go.Figure(go.Bar(orientation="h", y=[r for r, _ in ranked], x=[n for _, n in ranked]))
        fig.update_layout(height=max(360, 22 * len(ranked) + 120))
        out.append(("rules", f"Findings per rule (top {top})", fig))
    if stats.by_source_severity:
        names = sorted(stats.by_source_severity)
        fig = go.Figure([go.Bar(name=sev, x=names, marker_color=SEVERITY_COLORS[sev],
                                y=[stats.by_source_severity[n].get(sev, 0) for n in names])
                         for sev in SEVERITIES])
        fig.update_layout(barmode="stack")
        out.append(("sources", "Findings per source, by severity", fig))
    if stats.synth_reasons:
        reasons = stats.synth_reasons.most_common()
        fig = go.Figure(go.Bar(x=[r for r, _ in reasons], y=[n for _, n in reasons]))
        out.append(("synth", "Synthesis outcomes and failure reasons", fig))
    if stats.scores:
        fig = go.Figure()
        fig.add_trace(go.Histogram(x=[s for _, _, s, _ in stats.scores], name="iac-review score",
                                   xbins={"start": -0.5, "end": 10.5, "size": 1}, opacity=0.7))
        humans = [h for _, _, _, h in stats.scores if h is not None]
        if humans:
            fig.add_trace(go.Histogram(x=humans, name="human training_quality",
                                       xbins={"start": -0.5, "end": 10.5, "size": 1}, opacity=0.7))
        fig.update_layout(barmode="overlay", xaxis_title="score")
        out.append(("scores", "Score distribution beside the human training_quality", fig))
    if stats.stage_seconds:
        fig = go.Figure([go.Box(y=values, name=stage, boxpoints="outliers")
                         for stage, values in sorted(stats.stage_seconds.items())])
        fig.update_layout(yaxis_title="seconds")
        out.append(("time", "Time per stage (seconds per unit)", fig))
    return out


def render(stats: CorpusStats, store: str, summary_text: str) -> str:
    # deferred: only the page needs the templates and plotly
    import jinja2
    import plotly.io as pio

    plots = []
    for index, (anchor, title, fig) in enumerate(figures(stats)):
        fig.update_layout(margin={"l": 60, "r": 20, "t": 30, "b": 40}, template="plotly_white")
        # plotly.js once, inline, in the first figure: the page works offline and from file://
        html = pio.to_html(fig, full_html=False, include_plotlyjs=index == 0, div_id=f"plot-{anchor}",
                           config={"displaylogo": False, "responsive": True})
        plots.append({"anchor": anchor, "title": title, "html": html})
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template), autoescape=jinja2.select_autoescape(["html", "j2"]))
    medians = {stage: statistics.median(v) for stage, v in stats.stage_seconds.items()}
    return environment.get_template("stats.html.j2").render(
        store=store, stats=stats, plots=plots, summary=summary_text, medians=medians,
        generated=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


def _template(name: str) -> str:
    return (resources.files("iac_review.stats") / "templates" / name).read_text(encoding="utf-8")
