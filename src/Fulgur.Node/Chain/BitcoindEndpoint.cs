using System.Text;
using Fulgur.Node.Config;

namespace Fulgur.Node.Chain;

/// <summary>
/// Where bitcoind (or fulgur-devchain) listens and how we authenticate: --bitcoin-rpcuser/--bitcoin-rpcpassword when
/// both are given, else bitcoind's cookie file, re-read on every request because bitcoind writes a new one each start.
/// </summary>
public sealed record BitcoindEndpoint(Uri Url, string? User, string? Password, string CookiePath)
{
    public static BitcoindEndpoint From(NodeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var host = config.BitcoinRpcConnect.Contains(':', StringComparison.Ordinal) && !config.BitcoinRpcConnect.StartsWith('[')
            ? "[" + config.BitcoinRpcConnect + "]"
            : config.BitcoinRpcConnect;
        var url = new Uri($"http://{host}:{config.BitcoinRpcPort}/");
        return new BitcoindEndpoint(url, config.BitcoinRpcUser, config.BitcoinRpcPassword,
            CookieFile(config.BitcoinDatadir, config.Network));
    }

    /// <summary>bitcoind's cookie: <c>DATADIR/.cookie</c> on mainnet, <c>DATADIR/&lt;chain dir&gt;/.cookie</c> elsewhere.</summary>
    public static string CookieFile(string datadir, BitcoinNetwork network) =>
        Path.Combine(datadir, network.BitcoindSubdirectory(), ".cookie");

    /// <summary>The Authorization header value, or an error saying why there are no credentials.</summary>
    public bool TryGetBasicAuth(out string? header, out string? error)
    {
        string userPass;
        if (User is not null && Password is not null)
        {
            userPass = User + ":" + Password;
        }
        else
        {
            try
            {
                // The cookie file holds "__cookie__:<hex>" on one line.
                userPass = File.ReadAllText(CookiePath).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                header = null;
                error = $"no --bitcoin-rpcuser/--bitcoin-rpcpassword and cannot read cookie file {CookiePath}: {e.Message}";
                return false;
            }
        }
        header = Convert.ToBase64String(Encoding.UTF8.GetBytes(userPass));
        error = null;
        return true;
    }
}
