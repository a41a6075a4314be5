using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// One side's public channel keys, as sent in <c>open_channel</c>/<c>accept_channel</c>: the funding key and the four
/// basepoints every per-commitment key is derived from.
/// </summary>
public sealed record ChannelBasepoints(
    PublicKey FundingPubkey,
    PublicKey RevocationBasepoint,
    PublicKey PaymentBasepoint,
    PublicKey DelayedPaymentBasepoint,
    PublicKey HtlcBasepoint);
