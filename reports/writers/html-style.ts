/** The inline stylesheet of the HTML report (static data). Light theme, GitHub-like palette, print-friendly. */
export const HTML_REPORT_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--soft:#f6f8fa;--red:#cf222e;--green:#1a7f37;--amber:#9a6700;--blue:#0969da;--violet:#8250df;--gray:#6e7781}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1280px;padding:1.25rem 1.5rem 3rem;color:var(--fg);background:#fff}
h1{font-size:1.45rem;margin:0 0 .4rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.muted{color:var(--muted)}.small{font-size:12.5px}
.verdict{display:flex;align-items:center;gap:.8rem;border-radius:8px;padding:.7rem 1rem;margin:.6rem 0 1rem;font-size:1.05rem;font-weight:600}
.verdict.pass{background:#dafbe1;border:1px solid #4ac26b;color:#116329}.verdict.fail{background:#ffebe9;border:1px solid #ff8182;color:#82071e}
.verdict.known{background:#fff8c5;border:1px solid #d4a72c;color:#7d4e00}
dl.meta{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:.1rem 1rem;margin:0;font-size:13px}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:.5rem}.card{border:1px solid var(--line);border-radius:8px;padding:.35rem .8rem;min-width:5.5rem;background:#fff}.card b{display:block;font-size:1.35rem;line-height:1.2}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:var(--soft);font-weight:600}
tr.row-failed td,tr.row-errored td{background:#fff5f5}
.badge{display:inline-block;border-radius:1em;padding:0 .55em;font-size:12px;font-weight:600;color:#fff;white-space:nowrap;vertical-align:1px}
.passed{background:var(--green)}.failed,.error{background:var(--red)}.errored{background:var(--violet)}.notApplicable,.skipped{background:var(--gray)}.warning{background:var(--amber)}.info{background:var(--blue)}
.bl-new{background:#fff;color:var(--red);border:1px solid var(--red)}.bl-known{background:#fff;color:var(--amber);border:1px solid var(--amber)}.bl-waived{background:#fff;color:var(--gray);border:1px solid var(--gray)}.bl-fixed{background:#fff;color:var(--green);border:1px solid var(--green)}
details.scenario{border:1px solid var(--line);border-left:5px solid var(--gray);border-radius:8px;margin:.6rem 0;background:#fff}
details.scenario.st-failed{border-left-color:var(--red)}details.scenario.st-errored{border-left-color:var(--violet)}details.scenario.st-passed{border-left-color:var(--green)}details.scenario.excused{border-left-color:var(--amber)}
details.scenario>summary{padding:.55rem .8rem;cursor:pointer;list-style-position:outside;margin-left:1rem}
details.scenario>summary .sid{font-weight:600}details.scenario[open]>summary{border-bottom:1px solid var(--line);background:var(--soft)}
.headline{margin:.2rem 0 0;color:var(--red);font-size:13px}.headline.known{color:var(--amber)}.headline.muted{color:var(--muted)}
.scenario-body{padding:.6rem 1rem 1rem}
ol.timeline{list-style:none;margin:.4rem 0;padding:0 0 0 1.1rem;border-left:2px solid var(--line)}
li.step{position:relative;margin:0 0 .9rem;padding-left:.6rem}
li.step::before{content:"";position:absolute;left:-1.58rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;background:var(--gray);border:2px solid #fff}
li.step.st-passed::before{background:var(--green)}li.step.st-failed::before{background:var(--red)}li.step.st-errored::before{background:var(--violet)}
.step-head{display:flex;flex-wrap:wrap;gap:.45rem;align-items:baseline}.step-head .idx{color:var(--muted);font-variant-numeric:tabular-nums}
.step-note{margin:.15rem 0;color:var(--muted);font-size:13px}
details.exchange{margin:.25rem 0;border:1px solid var(--line);border-radius:6px;background:#fff}
details.exchange>summary{cursor:pointer;padding:.2rem .5rem;display:flex;gap:.6rem;align-items:baseline;flex-wrap:wrap}
details.exchange[open]>summary{background:var(--soft);border-bottom:1px solid var(--line)}
.method{font-weight:700;min-width:3.7rem;display:inline-block}.path{word-break:break-all;flex:1 1 20rem}
.code{font-weight:700;border-radius:4px;padding:0 .35em}.c2{color:var(--green)}.c3{color:var(--blue)}.c4{color:var(--amber);background:#fff8c5}.c5,.cx{color:#fff;background:var(--red)}
.io{display:grid;grid-template-columns:1fr 1fr;gap:.6rem;padding:.4rem .5rem}.io h5{margin:.1rem 0;font-size:12px;text-transform:uppercase;color:var(--muted)}
@media (max-width:900px){.io,.expect-actual{grid-template-columns:1fr}dl.meta{grid-template-columns:max-content 1fr}}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.45rem .55rem;overflow:auto;white-space:pre-wrap;word-break:break-all;margin:.2rem 0;max-height:28rem}
pre.curl{user-select:all;-webkit-user-select:all;cursor:copy;background:#0d1117;color:#e6edf3;border-color:#0d1117}
.curl-label{font-size:12px;color:var(--muted);margin:.3rem .5rem 0}
.exchange .curl-label,.exchange pre.curl{margin-left:.5rem;margin-right:.5rem}
.finding{border:1px solid var(--line);border-left:5px solid var(--gray);border-radius:6px;padding:.45rem .8rem;margin:.35rem 0 .6rem;background:#fff}
.finding.sev-error{border-left-color:var(--red);background:#fff8f8}.finding.sev-warning{border-left-color:var(--amber);background:#fffdf2}.finding.sev-info{border-left-color:var(--blue)}
.finding.suppressed{background:#fafafa;border-left-color:var(--amber)}
.finding .head{display:flex;flex-wrap:wrap;gap:.4rem;align-items:baseline}.finding p{margin:.3rem 0}
.expect-actual{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}.expect-actual .lbl{font-size:12px;font-weight:600}
.expected pre{border-color:#4ac26b;background:#f0fff4}.actual pre{border-color:#ff8182;background:#fff5f5}
.waiver{font-size:13px;color:var(--muted)}
.banner{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem .8rem;border-radius:6px}
footer{margin-top:2.5rem}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;background:#fff;border-bottom:1px solid var(--line);padding:.5rem 0;margin-top:1rem}
.filters select,.filters input{font:inherit;padding:.1rem .3rem}.filters input{min-width:16rem}
details.root-cause .body{padding:.4rem .9rem .7rem}
.diff .lbl{font-size:12px;font-weight:600}.diff .del{background:#ffebe9;color:#82071e}.diff .ins{background:#dafbe1;color:#116329}.diff .fold{color:var(--muted)}
`;
