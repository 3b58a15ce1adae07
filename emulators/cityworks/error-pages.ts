/** Non-JSON answers real Cityworks/IIS deployments give, which clients must not mistake for data. */

export function iisNotFoundPage(path: string): string {
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>404 - File or directory not found.</title>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>404 - File or directory not found.</h2>
  <h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3>
  <!-- ${escapeHtml(path)} -->
 </fieldset></div>
</div>
</body>
</html>
`;
}

/** The Forms-authentication redirect body IIS sends when the session is gone. */
export function formsLoginPage(site: string, returnPath: string): string {
  const returnUrl = encodeURIComponent(returnPath);
  return `<html><head><title>Object moved</title></head><body>
<h2>Object moved to <a href="/${site}/login.aspx?ReturnUrl=${returnUrl}">here</a>.</h2>
</body></html>
`;
}

/** The ASP.NET "yellow screen of death". */
export function aspNetErrorPage(site: string): string {
  return `<!DOCTYPE html>
<html>
    <head>
        <title>Runtime Error</title>
        <style>body {font-family:"Verdana";font-weight:normal;font-size: .7em;color:black;} </style>
    </head>
    <body bgcolor="white">
            <span><H1>Server Error in '/${site}' Application.<hr width=100% size=1 color=silver></H1>
            <h2> <i>Runtime Error</i> </h2></span>
            <font face="Arial, Helvetica, Geneva, SunSans-Regular, sans-serif ">
            <b> Description: </b>An application error occurred on the server. The current custom error settings for this application prevent the details of the application error from being viewed remotely (for security reasons).
            <br><br>
            <b>Details:</b> See /${site}/Errors.axd for the error log.
            </font>
    </body>
</html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
