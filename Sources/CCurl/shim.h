// libcurl for Swift. curl_easy_setopt / curl_multi_setopt / curl_easy_getinfo are variadic,
// which Swift cannot call, so each argument type gets a typed static inline wrapper here.
#ifndef MEDIAVAULT_CCURL_SHIM_H
#define MEDIAVAULT_CCURL_SHIM_H
#include <curl/curl.h>

/// Set a long option (CURLOPT_TIMEOUT, CURLOPT_FOLLOWLOCATION, ...).
static inline CURLcode mv_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
/// Set a curl_off_t option (CURLOPT_MAXFILESIZE_LARGE, ...).
static inline CURLcode mv_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
/// Set a string option; libcurl copies the string.
static inline CURLcode mv_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
/// Set a pointer option (CURLOPT_WRITEDATA, CURLOPT_PRIVATE, ...).
static inline CURLcode mv_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
/// Set a curl_slist option (CURLOPT_HTTPHEADER, CURLOPT_CONNECT_TO, ...).
static inline CURLcode mv_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }

/// The signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*mv_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
/// Set CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION.
static inline CURLcode mv_easy_setopt_write_function(CURL *h, CURLoption o, mv_write_callback f) { return curl_easy_setopt(h, o, f); }

/// The signature of CURLOPT_READFUNCTION callbacks (request bodies, e.g. an S3 PUT).
typedef size_t (*mv_read_callback)(char *buffer, size_t size, size_t nitems, void *userdata);
/// Set CURLOPT_READFUNCTION.
static inline CURLcode mv_easy_setopt_read_function(CURL *h, mv_read_callback f) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, f); }

/// The signature of CURLOPT_XFERINFOFUNCTION callbacks.
typedef int (*mv_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
/// Set CURLOPT_XFERINFOFUNCTION.
static inline CURLcode mv_easy_setopt_xferinfo_function(CURL *h, mv_xferinfo_callback f) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f); }

/// Read a long info (CURLINFO_RESPONSE_CODE, CURLINFO_REDIRECT_COUNT, ...).
static inline CURLcode mv_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
/// Read a curl_off_t info (CURLINFO_SIZE_DOWNLOAD_T, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, ...).
static inline CURLcode mv_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
/// Read a string info (CURLINFO_EFFECTIVE_URL, CURLINFO_CONTENT_TYPE, ...); owned by the handle.
static inline CURLcode mv_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
/// Read a pointer info (CURLINFO_PRIVATE).
static inline CURLcode mv_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }

/// Set a long multi option (CURLMOPT_MAX_HOST_CONNECTIONS, CURLMOPT_PIPELINING, ...).
static inline CURLMcode mv_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

#endif
