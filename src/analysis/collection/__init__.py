"""The annual collection of the returns: receipts, status, feedback to each province, sign-off.

``settings`` (collection.yml) holds the logs' names, the deadlines and the contact; ``receipts`` the
receipts log; ``approvals`` the sign-off log; ``status`` one line per province of the year's map;
``feedback`` the workbooks sent back; ``commands`` the `khuyencong` subcommands; ``page`` the status
page of the reports. The logs are analyst input in data/raw/<year>/, never rewritten by a build.
"""
