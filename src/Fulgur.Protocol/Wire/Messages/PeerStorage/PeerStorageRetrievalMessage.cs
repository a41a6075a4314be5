using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 1 <c>peer_storage_retrieval</c>: the last blob a peer stored for us, returned after <c>init</c>.</summary>
public sealed record PeerStorageRetrievalMessage(ByteVector Blob, TlvStream UnknownTlvs) : IWireMessage<PeerStorageRetrievalMessage>
{
    public PeerStorageRetrievalMessage(ByteVector blob)
        : this(blob, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(9);

    public static string Name => "peer_storage_retrieval";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("u16", "length"),
        new("length*byte", "blob"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out PeerStorageRetrievalMessage? message)
    {
        message = null;
        if (!reader.TryReadU16Prefixed(out var blob) || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new PeerStorageRetrievalMessage(blob, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteU16Prefixed(Blob.Span);
        UnknownTlvs.Write(writer);
    }
}
