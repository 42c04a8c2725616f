# Browsers take an <input type="date"> value only as YYYY-MM-DD (HTML's "valid date string"); Django
# writes a form's date with the language's first input format, for Chinese "%Y/%m/%d", which leaves
# the field empty in the browser and is invalid HTML. ISO first; dates typed with '/' still parse.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S.%f",
]
