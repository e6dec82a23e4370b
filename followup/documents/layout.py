"""Layout shared by the DOCX, HWPX and XLSX writers."""

# Relative widths of the eight columns: 연번, 안건, 위원 의견·요구사항, 담당부서, 조치결과(상태),
# 조치내용, 완료(예정)일, 비고.
COLUMN_WEIGHTS = (4, 14, 30, 10, 9, 22, 10, 11)
