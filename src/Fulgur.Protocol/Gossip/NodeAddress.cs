using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Gossip;

/// <summary>The <c>address descriptor</c> types of <c>node_announcement</c>.</summary>
public enum NodeAddressType : byte
{
    IPv4 = 1,
    IPv6 = 2,

    /// <summary>Deprecated Tor v2 onion service; parsed only to be skipped.</summary>
    TorV2 = 3,
    TorV3 = 4,
    DnsHostname = 5,
}

/// <summary>One <c>address descriptor</c> of <c>node_announcement</c>: a type byte, an address and a port.</summary>
public abstract record NodeAddress(ushort Port)
{
    /// <summary>BOLT 1's port for Bitcoin mainnet, assumed when an address gives none (testnet uses 19735, signet 39735).</summary>
    public const ushort DefaultPort = 9735;

    public abstract NodeAddressType Type { get; }

    /// <summary>
    /// The type as Core Lightning's <c>listnodes</c> names it: <c>ipv4</c>, <c>ipv6</c>, <c>torv2</c>, <c>torv3</c>, <c>dns</c>.
    /// </summary>
    public string TypeName => Type switch
    {
        NodeAddressType.IPv4 => "ipv4",
        NodeAddressType.IPv6 => "ipv6",
        NodeAddressType.TorV2 => "torv2",
        NodeAddressType.TorV3 => "torv3",
        _ => "dns",
    };

    /// <summary>
    /// Parses an address to announce, as <c>--announce-addr</c> takes it: <c>1.2.3.4:9735</c>, <c>[2001:db8::1]:9735</c>,
    /// <c>&lt;56 chars&gt;.onion:9735</c> or <c>host.example.com:9735</c>; without a port, <paramref name="defaultPort"/>.
    /// </summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NodeAddress? address,
        ushort defaultPort = DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        string host;
        var port = defaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                return false;
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !TryParsePort(rest[1..], out port)))
                return false;
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || port == 0)
                return false;
            address = new IPv6NodeAddress(v6, port);
            return true;
        }
        var colon = text.LastIndexOf(':');
        host = colon < 0 ? text : text[..colon];
        if (colon >= 0 && !TryParsePort(text[(colon + 1)..], out port))
            return false;
        if (host.Length == 0 || host.Contains(':', StringComparison.Ordinal))
            return false;
        if (TorV3NodeAddress.TryParseHost(host, port, out var tor))
        {
            address = tor;
            return true;
        }
        if (port == 0)
            return false;
        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            // Dotted quads only: IPAddress also reads "1.2.3" as 1.2.0.3.
            if (host.Split('.').Length != 4 || !IPAddress.TryParse(host, out var v4) || v4.AddressFamily != AddressFamily.InterNetwork)
                return false;
            address = new IPv4NodeAddress(v4, port);
            return true;
        }
        if (host.Length > DnsHostnameNodeAddress.MaxHostnameLength || !Ascii.IsValid(host) || host.Any(char.IsWhiteSpace))
            return false;
        address = new DnsHostnameNodeAddress(host, port);
        return true;
    }

    private static bool TryParsePort(string text, out ushort port) =>
        ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port);

    /// <summary>The descriptor's bytes after the type byte.</summary>
    internal abstract void WriteData(Span<byte> destination);

    /// <summary>Bytes after the type byte.</summary>
    internal abstract int DataLength { get; }

    /// <summary>Host and port as <c>connect</c> and <c>listnodes</c> spell them.</summary>
    public abstract override string ToString();

    private protected static void WritePort(Span<byte> destination, ushort port) =>
        BinaryPrimitives.WriteUInt16BigEndian(destination, port);
}

/// <summary>Type 1: <c>[4:ipv4_addr][2:port]</c>.</summary>
public sealed record IPv4NodeAddress : NodeAddress
{
    public IPv4NodeAddress(IPAddress address, ushort port)
        : base(port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        Address = address;
    }

    public IPAddress Address { get; }

    public override NodeAddressType Type => NodeAddressType.IPv4;

    internal override int DataLength => 6;

    internal override void WriteData(Span<byte> destination)
    {
        Address.TryWriteBytes(destination, out _);
        WritePort(destination[4..], Port);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}:{Port}");
}

/// <summary>Type 2: <c>[16:ipv6_addr][2:port]</c>.</summary>
public sealed record IPv6NodeAddress : NodeAddress
{
    public IPv6NodeAddress(IPAddress address, ushort port)
        : base(port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException($"{address} is not an IPv6 address", nameof(address));
        Address = address;
    }

    public IPAddress Address { get; }

    public override NodeAddressType Type => NodeAddressType.IPv6;

    internal override int DataLength => 18;

    internal override void WriteData(Span<byte> destination)
    {
        Address.TryWriteBytes(destination, out _);
        WritePort(destination[16..], Port);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Address}]:{Port}");
}

/// <summary>Type 3, deprecated: a Tor v2 onion service, <c>[10:onion_addr][2:port]</c> (length 12).</summary>
public sealed record TorV2NodeAddress : NodeAddress
{
    public const int OnionLength = 10;

    public TorV2NodeAddress(ByteVector onion, ushort port)
        : base(port)
    {
        if (onion.Length != OnionLength)
            throw new ArgumentException($"a Tor v2 address is {OnionLength} bytes", nameof(onion));
        Onion = onion;
    }

    public ByteVector Onion { get; }

    public override NodeAddressType Type => NodeAddressType.TorV2;

    internal override int DataLength => 12;

    internal override void WriteData(Span<byte> destination)
    {
        Onion.Span.CopyTo(destination);
        WritePort(destination[OnionLength..], Port);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{OnionBase32.Encode(Onion.Span)}.onion:{Port}");
}

/// <summary>
/// Type 4: a Tor v3 onion service, <c>[35:onion_addr][2:port]</c>, the address being
/// <c>pubkey (32) || checksum (2) || version (1)</c>.
/// </summary>
public sealed record TorV3NodeAddress : NodeAddress
{
    public const int OnionLength = 35;

    public TorV3NodeAddress(ByteVector onion, ushort port)
        : base(port)
    {
        if (onion.Length != OnionLength)
            throw new ArgumentException($"a Tor v3 address is {OnionLength} bytes", nameof(onion));
        Onion = onion;
    }

    public ByteVector Onion { get; }

    public override NodeAddressType Type => NodeAddressType.TorV3;

    internal override int DataLength => OnionLength + 2;

    /// <summary>Parses <c>&lt;56 base32 chars&gt;.onion</c> (the checksum is not verified: it needs SHA3).</summary>
    public static bool TryParseHost(string host, ushort port,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TorV3NodeAddress? address)
    {
        ArgumentNullException.ThrowIfNull(host);
        address = null;
        const string Suffix = ".onion";
        if (!host.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) || host.Length != 56 + Suffix.Length)
            return false;
        if (!OnionBase32.TryDecode(host.AsSpan(0, 56), out var bytes) || bytes.Length != OnionLength)
            return false;
        address = new TorV3NodeAddress(new ByteVector(bytes), port);
        return true;
    }

    internal override void WriteData(Span<byte> destination)
    {
        Onion.Span.CopyTo(destination);
        WritePort(destination[OnionLength..], Port);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{OnionBase32.Encode(Onion.Span)}.onion:{Port}");
}

/// <summary>Type 5: <c>[1:hostname_len][hostname_len:hostname][2:port]</c>.</summary>
public sealed record DnsHostnameNodeAddress : NodeAddress
{
    public const int MaxHostnameLength = byte.MaxValue;

    /// <summary>A hostname we announce: ASCII (punycode for anything else), 1 to 255 bytes.</summary>
    public DnsHostnameNodeAddress(string hostname, ushort port)
        : base(port)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        // BOLT #7: "`hostname` bytes MUST be ASCII characters."
        if (hostname.Length is 0 or > MaxHostnameLength || !Ascii.IsValid(hostname))
            throw new ArgumentException("a DNS hostname is 1 to 255 ASCII characters (punycode for others)", nameof(hostname));
        HostnameBytes = new ByteVector(Encoding.ASCII.GetBytes(hostname));
    }

    private DnsHostnameNodeAddress(ByteVector hostnameBytes, ushort port)
        : base(port) => HostnameBytes = hostnameBytes;

    /// <summary>The hostname as received (a peer may send bytes that are not ASCII).</summary>
    public ByteVector HostnameBytes { get; }

    /// <summary>True when every hostname byte is ASCII and there is at least one.</summary>
    public bool IsAscii => !HostnameBytes.IsEmpty && Ascii.IsValid(HostnameBytes.Span);

    /// <summary>The hostname, non-ASCII bytes shown as U+FFFD.</summary>
    public string Hostname => Encoding.ASCII.GetString(HostnameBytes.Span);

    public override NodeAddressType Type => NodeAddressType.DnsHostname;

    internal override int DataLength => 1 + HostnameBytes.Length + 2;

    internal static DnsHostnameNodeAddress FromWire(ReadOnlySpan<byte> hostname, ushort port) => new(new ByteVector(hostname), port);

    internal override void WriteData(Span<byte> destination)
    {
        destination[0] = (byte)HostnameBytes.Length;
        HostnameBytes.Span.CopyTo(destination[1..]);
        WritePort(destination[(1 + HostnameBytes.Length)..], Port);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Hostname}:{Port}");
}

/// <summary>RFC 4648 base32, lowercase and unpadded, as onion addresses are written.</summary>
internal static class OnionBase32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Alphabet[(buffer >> bits) & 31]);
            }
        }
        if (bits > 0)
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }

    public static bool TryDecode(ReadOnlySpan<char> text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            var value = Alphabet.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
            if (value < 0)
                return false;
            buffer = ((buffer << 5) | value) & 0xFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
            }
        }
        bytes = [.. output];
        return true;
    }
}
