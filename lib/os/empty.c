/* Placeholder for libraries whose sources are all configured out. */
typedef int kestrel_empty_translation_unit;
