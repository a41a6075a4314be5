using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fulgur.Node.Config;

/// <summary>A <c>HOST[:PORT]</c> address as --addr and --announce-addr take it; IPv6 hosts are written in brackets.</summary>
public sealed record HostPort(string Host, ushort Port)
{
    /// <summary>Core Lightning's address type names: <c>ipv4</c>, <c>ipv6</c>, or <c>dns</c> for a hostname.</summary>
    public string AddressType =>
        IPAddress.TryParse(Host, out var ip) ? (ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4") : "dns";

    /// <param name="allowPortZero">Port 0 ("any free port") is allowed for listen addresses (--addr), where tests use it.</param>
    public static bool TryParse(string text, ushort defaultPort, out HostPort? address, out string error, bool allowPortZero = false)
    {
        address = null;
        string host;
        ReadOnlySpan<char> port = default;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = "missing ']' after IPv6 address";
                return false;
            }
            host = text[1..close];
            var rest = text.AsSpan(close + 1);
            if (!rest.IsEmpty)
            {
                if (rest[0] != ':')
                {
                    error = "expected ':PORT' after ']'";
                    return false;
                }
                port = rest[1..];
                if (port.IsEmpty)
                {
                    error = "empty port";
                    return false;
                }
            }
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = "IPv6 addresses must be written in brackets: [ADDRESS]:PORT";
                return false;
            }
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0)
            {
                port = text.AsSpan(colon + 1);
                if (port.IsEmpty)
                {
                    error = "empty port";
                    return false;
                }
            }
        }
        if (host.Length == 0)
        {
            error = "empty host";
            return false;
        }
        var portNumber = defaultPort;
        if (!port.IsEmpty && (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || (portNumber == 0 && !allowPortZero)))
        {
            error = $"'{port}' is not a port number (1-65535)";
            return false;
        }
        address = new HostPort(host, portNumber);
        error = "";
        return true;
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
