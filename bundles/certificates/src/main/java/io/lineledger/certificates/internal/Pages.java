package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;

/** What every page shares: the document head with the inline style sheet (the plant network has no internet). */
final class Pages {

    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                   color: #1b1f24; margin: 2rem auto; max-width: 68rem; padding: 0 1rem; }
            header .site { margin: 0; color: #57606a; text-transform: uppercase; letter-spacing: .06em; font-size: 12px; }
            h1 { margin: .2rem 0 .4rem; font-size: 1.7rem; }
            h2 { font-size: 1.15rem; margin: 1.8rem 0 .5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
            nav a, a { color: #0550ae; }
            .summary { display: flex; gap: 2rem; align-items: flex-start; flex-wrap: wrap; }
            dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; margin: .5rem 0; }
            dt { color: #57606a; } dd { margin: 0; }
            .id { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 600; }
            .verdict { border: 2px solid; border-radius: 6px; padding: .6rem 1.2rem; text-align: center; min-width: 10rem; }
            .verdict .label { display: block; font-size: 12px; color: #57606a; }
            .verdict .value { display: block; font-size: 1.8rem; font-weight: 700; }
            .verdict.pass { border-color: #1a7f37; color: #1a7f37; background: #dafbe1; }
            .verdict.fail { border-color: #cf222e; color: #cf222e; background: #ffebe9; }
            .verdict.incomplete { border-color: #9a6700; color: #9a6700; background: #fff8c5; }
            .verdict.running { border-color: #9a6700; color: #9a6700; background: #fff8c5; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #d8dee4; vertical-align: top; }
            th { background: #f6f8fa; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            .hex { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
            abbr { text-decoration: none; }
            tr.fail td { background: #ffebe9; } tr.fail .result { color: #cf222e; font-weight: 700; }
            tr.pass .result { color: #1a7f37; font-weight: 600; }
            .muted { color: #6e7781; }
            .reasons { flex-basis: 100%; border-left: 4px solid #9a6700; background: #fff8c5; padding: .3rem .8rem; }
            .reasons .label { margin: 0; font-weight: 600; } .reasons ul { margin: .2rem 0; padding-left: 1.2rem; }
            tr.gap td { background: #fff8c5; }
            .anchoring-state { border-left: 4px solid; padding: .3rem .8rem; }
            .anchoring-state.alarm, .alarm { border-color: #cf222e; color: #cf222e; background: #ffebe9; }
            .anchoring-state.retrying, .anchoring-state.unknown, .warning { border-color: #9a6700; color: #7d4e00; background: #fff8c5; }
            .state-ok { color: #1a7f37; font-weight: 600; } .state-warning { color: #9a6700; font-weight: 600; }
            .state-alarm { color: #cf222e; font-weight: 700; }
            .chain-mismatch { border: 2px solid #cf222e; padding: .6rem .8rem; margin: .8rem 0; font-weight: 600; }
            ul.alarms { list-style: none; padding: 0; } ul.alarms li { border-left: 4px solid; padding: .3rem .8rem; margin: .2rem 0; }
            h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
            .standard { margin: 0 0 .4rem; color: #57606a; }
            section.group { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1rem .6rem; margin: 1rem 0; }
            section.group > h2 { border: 0; margin-top: .8rem; }
            tr.characteristic.fail td { background: #ffebe9; } tr.characteristic.incomplete .result { color: #9a6700; }
            tr.characteristic.pass .result { color: #1a7f37; font-weight: 600; }
            .note { font-size: 12px; font-weight: 400; }
            svg.chart { display: block; }
            tr.alarm-record.raised td { background: #fff8c5; }
            footer { margin-top: 2rem; color: #57606a; font-size: 12px; }
            .user { float: right; font-size: 12px; color: #57606a; } .user form.inline { display: inline; }
            .user button { padding: .1rem .6rem; font-size: 12px; }
            form.sign-in, form.release, form.verify { display: grid; gap: .7rem; max-width: 40rem; margin: .6rem 0; }
            form.sign-in { max-width: 22rem; }
            form label { display: grid; gap: .2rem; } fieldset label { display: inline-block; margin-right: 1.2rem; }
            fieldset { border: 1px solid #d0d7de; border-radius: 6px; }
            input, select, textarea, button { font: inherit; padding: .3rem .5rem; }
            button { background: #0550ae; color: #fff; border: 0; border-radius: 4px; padding: .4rem 1.2rem;
                     cursor: pointer; justify-self: start; }
            .problem { border-left: 4px solid #cf222e; background: #ffebe9; color: #82071e; padding: .4rem .8rem; }
            label.drop { border: 2px dashed #8c959f; border-radius: 6px; padding: 1.5rem; background: #f6f8fa; }
            .release-state.released { color: #1a7f37; font-weight: 700; }
            .release-state.rejected, .release-state.invalid { color: #cf222e; font-weight: 700; }
            tr.release.invalid td { background: #ffebe9; }
            tr.not-checked .result { color: #9a6700; font-weight: 600; }
            @media print {
              body { margin: 0; max-width: none; font-size: 11px; }
              nav, .noprint { display: none; }
              a { color: inherit; text-decoration: none; }
              * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
              tr, section.group { break-inside: avoid; }
            }
            """;

    private Pages() {
    }

    static void head(StringBuilder h, String title) {
        head(h, title, 0);
    }

    /**
     * @param refreshSeconds reload the page after this many seconds (a running batch, a seal still pending), so a
     *                       supervisor watching it sees it change without a script; 0 for never
     */
    static void head(StringBuilder h, String title, int refreshSeconds) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        if (refreshSeconds > 0) {
            h.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
        }
        h
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n");
    }
}
