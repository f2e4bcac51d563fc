-- name: table_sums
-- Every table of every document: the sum over its records of each column, in 元.
SELECT doc, table_id, column_key, sum(value_yuan) AS yuan
FROM facts
WHERE value_yuan IS NOT NULL
GROUP BY doc, table_id, column_key
ORDER BY doc, table_id, column_key;

-- name: seed_three_public
-- 三公经费 of the seed: the 合计 column of its 三公 table, in 元.
SELECT sum(value_yuan) AS yuan
FROM facts
WHERE doc = 'seed/changji-finance-office-2022.docx'
  AND table_kind = 'three_public' AND column_key = 'total';

-- name: three_public_by_department
-- 三公经费 of every department and year.
SELECT d.department, d.year, f.doc, sum(f.value_yuan) AS yuan
FROM facts f JOIN documents d USING (doc)
WHERE f.table_kind = 'three_public' AND f.column_key = 'total'
GROUP BY d.department, d.year, f.doc
ORDER BY f.doc;

-- name: shanghai_function_classes
-- General-budget expenditure by 功能分类 类 of a Shanghai budget, in 元.
SELECT code, name, value_yuan
FROM facts
WHERE doc = 'synthetic/sh_000.docx'
  AND table_kind = 'general_budget_expenditure' AND level = 1 AND column_key = 'total'
ORDER BY code;

-- name: function_classes
-- The same across all documents.
SELECT doc, code, name, sum(value_yuan) AS yuan
FROM facts
WHERE table_kind = 'general_budget_expenditure' AND level = 1 AND column_key = 'total'
GROUP BY doc, code, name
ORDER BY doc, code;
