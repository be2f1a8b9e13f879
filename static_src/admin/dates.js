// Dates and times are typed the way people type them, and the server reads them.
//
// Wagtail's date picker (xdsoft's jQuery datetimepicker) checks the field when it loses focus
// against its one display format (WAGTAIL_DATETIME_FORMAT, "01.03.2027 10:00") and replaces
// anything else with the current time: "2027-03-01 10:00" or "1.3.2027" became now, silently.
// The form fields read all of those forms (Django's Norwegian DATE_INPUT_FORMATS and
// DATETIME_INPUT_FORMATS, and ISO 8601) and refuse the rest with a message, so the picker leaves
// the text as typed. Run before any picker is made: the options are copied when one is made.
(() => {
  const picker = window.jQuery && window.jQuery.fn.datetimepicker;
  if (picker && picker.defaults) {
    picker.defaults.validateOnBlur = false;
  }
})();
