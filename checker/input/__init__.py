"""Input: the files people write, read strictly (file:line for every fault).

yamlio (safe YAML with line numbers, UTF-8 or CP932), loader (a case file → the case model, checker/model/),
corpus (the 年度 folders and their _meetings.yaml), pia (a 実施結果 report linked to its 素案 report's case).
"""
