using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Peers;

/// <summary>The <c>remote_addr</c> we put in <c>init</c> for an incoming connection.</summary>
internal static class RemoteAddressDescriptor
{
    /// <summary>
    /// The BOLT 7 address descriptor of <paramref name="endpoint"/>, or null when it is not a public IP address.
    /// </summary>
    // BOLT #1: "SHOULD NOT set private addresses as `remote_addr`."
    public static ByteVector? For(IPEndPoint? endpoint)
    {
        if (endpoint is null)
            return null;
        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        if (!IsPublic(address))
            return null;
        // BOLT #1: "MUST set it to a valid `address descriptor` (1 byte type and data)"
        var ipLength = address.AddressFamily == AddressFamily.InterNetwork ? 4 : 16;
        var bytes = new byte[1 + ipLength + 2];
        bytes[0] = (byte)(ipLength == 4 ? 1 : 2);
        address.TryWriteBytes(bytes.AsSpan(1, ipLength), out _);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1 + ipLength), (ushort)endpoint.Port);
        return new ByteVector(bytes);
    }

    internal static bool IsPublic(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (b[1] & 0xc0) == 64) || b[0] == 0 || b[0] >= 224);
        }
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
    }
}
