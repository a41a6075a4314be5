using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Fulgur.DevChain;

/// <summary>
/// Command-line options (interfaces.md §3): --datadir, --rpcbind, --rpcport, --rpcuser, --rpcpassword, --blocktime,
/// written --name=value (or -name=value, as bitcoind). Anything else is refused with a message naming it.
/// </summary>
internal sealed record DevChainOptions
{
    public string DataDirectory { get; init; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fulgur-devchain");

    public string RpcBind { get; init; } = "127.0.0.1";

    public int RpcPort { get; init; } = 18443;

    public string? RpcUser { get; init; }

    public string? RpcPassword { get; init; }

    /// <summary>Seconds between automatically mined blocks; 0 mines only on request.</summary>
    public int BlockTime { get; init; }

    public bool ShowHelp { get; init; }

    private static readonly string[] KnownOptions = ["datadir", "rpcbind", "rpcport", "rpcuser", "rpcpassword", "blocktime"];

    public const string Usage = """
        usage: fulgur-devchain [OPTIONS]
          --datadir=DIR        chain, wallet and cookie live in DIR/regtest (default $HOME/.fulgur-devchain)
          --rpcbind=ADDR       JSON-RPC listen address (default 127.0.0.1)
          --rpcport=PORT       JSON-RPC port (default 18443)
          --rpcuser=USER       basic-auth user (with --rpcpassword); without both, DIR/regtest/.cookie is written
          --rpcpassword=PASS   basic-auth password
          --blocktime=SECONDS  also mine a block every SECONDS (default 0: only on generatetoaddress)
        """;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out DevChainOptions? options, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new DevChainOptions();
        foreach (var arg in args)
        {
            if (arg is "-h" or "--help" or "-help")
            {
                options = options with { ShowHelp = true };
                continue;
            }
            var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg.StartsWith('-') ? arg[1..] : null;
            if (body is null)
                return Fail($"unexpected argument '{arg}' (options are written --name=value)", out options, out error);
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? body : body[..eq];
            var value = eq < 0 ? null : body[(eq + 1)..];
            if (!KnownOptions.Contains(name, StringComparer.Ordinal))
                return Fail($"unknown option --{name}", out options, out error);
            if (value is null)
                return Fail($"option --{name} needs a value (--{name}=VALUE)", out options, out error);
            switch (name)
            {
                case "datadir":
                    if (value.Length == 0)
                        return Fail("--datadir must not be empty", out options, out error);
                    options = options with { DataDirectory = Path.GetFullPath(value) };
                    break;
                case "rpcbind":
                    if (!IPAddress.TryParse(value, out _) && !string.Equals(value, "localhost", StringComparison.Ordinal))
                        return Fail($"--rpcbind: '{value}' is not an IP address", out options, out error);
                    options = options with { RpcBind = value };
                    break;
                case "rpcport":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                        return Fail($"--rpcport: '{value}' is not a port number (1-65535)", out options, out error);
                    options = options with { RpcPort = port };
                    break;
                case "rpcuser":
                    options = options with { RpcUser = value };
                    break;
                case "rpcpassword":
                    options = options with { RpcPassword = value };
                    break;
                case "blocktime":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                        return Fail($"--blocktime: '{value}' is not a whole number of seconds", out options, out error);
                    options = options with { BlockTime = seconds };
                    break;
                default:
                    return Fail($"unknown option --{name}", out options, out error);
            }
        }
        if ((options.RpcUser is null) != (options.RpcPassword is null))
            return Fail("--rpcuser and --rpcpassword go together (or give neither to use the cookie file)", out options, out error);
        if (options.RpcUser is not null && options.RpcUser.Contains(':', StringComparison.Ordinal))
            return Fail("--rpcuser must not contain ':'", out options, out error);
        error = null;
        return true;
    }

    private static bool Fail(string message, out DevChainOptions? options, out string error)
    {
        options = null;
        error = message;
        return false;
    }
}
