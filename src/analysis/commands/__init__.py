"""The subcommands of `khuyencong`, grouped by what they work on: `arguments` (what they share),
`data` (build, template, sample, indicators, trace), `reports` (report, verify), `releases`
(release, diff); the collection cycle's commands are in analysis.collection.commands.
"""
