-- Run in the folder that holds feeds/ (gongkai export out -o feeds --format csv).
-- Amounts are typed explicitly (CSV sniffing would make them DOUBLE), codes stay text.
CREATE VIEW documents AS SELECT * FROM read_csv('feeds/documents.csv', header = true,
  types = {'sha256': 'VARCHAR', 'producer': 'VARCHAR', 'title': 'VARCHAR', 'department': 'VARCHAR'});
CREATE VIEW facts AS SELECT * FROM read_csv('feeds/facts.csv', header = true, sample_size = -1,
  types = {'table_number': 'VARCHAR', 'table_title': 'VARCHAR', 'unit': 'VARCHAR', 'side': 'VARCHAR',
           'code': 'VARCHAR', 'name': 'VARCHAR', 'project': 'VARCHAR', 'header': 'VARCHAR',
           'text': 'VARCHAR', 'value': 'DECIMAL(24,6)', 'value_yuan': 'DECIMAL(20,2)'});
CREATE VIEW figures AS SELECT * FROM read_csv('feeds/figures.csv', header = true, sample_size = -1,
  types = {'key': 'VARCHAR', 'label': 'VARCHAR', 'text': 'VARCHAR', 'value': 'DECIMAL(24,6)',
           'value_yuan': 'DECIMAL(20,2)', 'change_direction': 'VARCHAR',
           'change_amount': 'DECIMAL(24,6)', 'change_amount_yuan': 'DECIMAL(20,2)',
           'change_percent': 'DECIMAL(24,6)', 'share_percent': 'DECIMAL(24,6)',
           'section': 'VARCHAR', 'sentence': 'VARCHAR'});
CREATE VIEW checks AS SELECT * FROM read_csv('feeds/checks.csv', header = true,
  types = {'expected': 'VARCHAR', 'actual': 'VARCHAR', 'location': 'VARCHAR'});
CREATE VIEW projects AS SELECT * FROM read_csv('feeds/projects.csv', header = true,
  types = {'amount': 'DECIMAL(24,6)', 'amount_yuan': 'DECIMAL(20,2)', 'basis': 'VARCHAR',
           'executor': 'VARCHAR', 'period': 'VARCHAR'});
CREATE VIEW allocations AS SELECT * FROM read_csv('feeds/allocations.csv', header = true,
  types = {'amount': 'DECIMAL(24,6)', 'amount_yuan': 'DECIMAL(20,2)'});
