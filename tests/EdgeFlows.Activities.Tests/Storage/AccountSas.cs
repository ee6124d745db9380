// Issues an account SAS the way the portal or az CLI would, so tests can hand the client a
// connection string with SharedAccessSignature. Account SAS string-to-sign for signed
// versions 2015-04-05 up to 2020-12-06: account \n sp \n ss \n srt \n st \n se \n sip \n spr \n sv \n
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Activities.Tests.Storage;

internal static class AccountSas
{
    public static string Create(string permissions, DateTimeOffset expiresOn, string resourceTypes = "sco")
    {
        const string version = "2019-07-07";
        var se = expiresOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var stringToSign = string.Join('\n', Azurite.AccountName, permissions, "b", resourceTypes, string.Empty, se, string.Empty, string.Empty, version, string.Empty);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Azurite.AccountKey), Encoding.UTF8.GetBytes(stringToSign)));
        return $"sv={version}&ss=b&srt={resourceTypes}&sp={permissions}&se={Uri.EscapeDataString(se)}&sig={Uri.EscapeDataString(signature)}";
    }
}
