-- Run in the folder that holds feeds/ (gongkai export out -o feeds).
CREATE VIEW documents AS SELECT * FROM read_parquet('feeds/documents.parquet');
CREATE VIEW facts AS SELECT * FROM read_parquet('feeds/facts.parquet');
CREATE VIEW figures AS SELECT * FROM read_parquet('feeds/figures.parquet');
CREATE VIEW checks AS SELECT * FROM read_parquet('feeds/checks.parquet');
CREATE VIEW projects AS SELECT * FROM read_parquet('feeds/projects.parquet');
CREATE VIEW allocations AS SELECT * FROM read_parquet('feeds/allocations.parquet');
