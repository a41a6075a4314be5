namespace Fulgur.Protocol.Channels;

/// <summary>The commitment transaction variant a channel negotiated (BOLT #9 channel types).</summary>
public enum CommitmentFormat
{
    /// <summary><c>option_static_remotekey</c>: <c>to_remote</c> is a P2WPKH to the peer's <c>payment_basepoint</c>.</summary>
    StaticRemoteKey = 0,

    /// <summary>
    /// <c>option_anchors</c>: two 330-sat anchors, CSV-locked <c>to_remote</c> and HTLC outputs, zero-fee HTLC transactions.
    /// </summary>
    AnchorOutputs = 1,
}
