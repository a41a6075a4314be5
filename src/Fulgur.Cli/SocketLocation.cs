namespace Fulgur.Cli;

/// <summary>
/// Where fulgurd's RPC socket is: <c>DIR/&lt;network&gt;/&lt;rpc-file&gt;</c>, with DIR <c>$HOME/.fulgur</c>, network
/// <c>regtest</c> and rpc-file <c>lightning-rpc</c> unless the command line, or (as lightning-cli does) the node's config
/// files <c>DIR/config</c> and <c>DIR/&lt;network&gt;/config</c>, say otherwise. An absolute rpc-file stands as is.
/// </summary>
internal static class SocketLocation
{
    public static string Resolve(CliArguments cli, string home)
    {
        var dir = Path.GetFullPath(cli.LightningDir ?? Path.Combine(home, ".fulgur"));
        var network = cli.Network ?? ReadSetting(Path.Combine(dir, "config"), "network") ?? "regtest";
        var rpcFile = cli.RpcFile
            ?? ReadSetting(Path.Combine(dir, network, "config"), "rpc-file")
            ?? ReadSetting(Path.Combine(dir, "config"), "rpc-file")
            ?? "lightning-rpc";
        return Path.Combine(dir, network, rpcFile);
    }

    /// <summary>The last <c>name=value</c> line for <paramref name="name"/> in a config file, if any.</summary>
    private static string? ReadSetting(string file, string name)
    {
        if (!File.Exists(file))
            return null;
        string? value = null;
        try
        {
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Trim();
                if (line.StartsWith("--", StringComparison.Ordinal))
                    line = line[2..];
                if (line.StartsWith(name + "=", StringComparison.Ordinal))
                    value = line[(name.Length + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        return value;
    }
}
