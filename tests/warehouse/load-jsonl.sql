-- Run in the folder that holds feeds/ (gongkai export out -o feeds --format jsonl).
-- Amounts are JSON strings; the column types make them exact DECIMALs.
CREATE VIEW documents AS SELECT * FROM read_json('feeds/documents.jsonl', format = 'newline_delimited',
  columns = {'doc': 'VARCHAR', 'path': 'VARCHAR', 'format': 'VARCHAR', 'sha256': 'VARCHAR', 'bytes': 'BIGINT',
             'pages': 'BIGINT', 'producer': 'VARCHAR', 'title': 'VARCHAR', 'department': 'VARCHAR',
             'year': 'BIGINT', 'kind': 'VARCHAR', 'scope': 'VARCHAR', 'tables': 'BIGINT', 'figures': 'BIGINT',
             'projects': 'BIGINT', 'checks': 'BIGINT', 'warnings': 'BIGINT'});
CREATE VIEW facts AS SELECT * FROM read_json('feeds/facts.jsonl', format = 'newline_delimited',
  columns = {'doc': 'VARCHAR', 'table_id': 'VARCHAR', 'table_number': 'VARCHAR', 'table_title': 'VARCHAR',
             'table_kind': 'VARCHAR', 'unit': 'VARCHAR', 'record': 'BIGINT', 'row': 'BIGINT', 'side': 'VARCHAR',
             'code': 'VARCHAR', 'level': 'BIGINT', 'name': 'VARCHAR', 'project': 'VARCHAR', 'total': 'BOOLEAN',
             'column_key': 'VARCHAR', 'header': 'VARCHAR', 'text': 'VARCHAR', 'value': 'DECIMAL(24,6)',
             'value_yuan': 'DECIMAL(20,2)'});
