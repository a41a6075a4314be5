using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// A BADONION failure: BOLT #4: "unparsable onion encrypted by sending peer". It carries the <c>sha256_of_onion</c>
/// the failing node received; the upstream peer reports it with <c>update_fail_malformed_htlc</c>.
/// </summary>
public abstract record BadOnionFailure(Bytes32 Sha256OfOnion) : FailureMessage
{
    private protected override void WriteData(WireWriter writer) => writer.WriteBytes32(Sha256OfOnion);
}

/// <summary>BADONION|PERM|4 (<c>invalid_onion_version</c>): BOLT #4: "The `version` byte was not understood by the processing node."</summary>
public sealed record InvalidOnionVersion(Bytes32 Sha256OfOnion) : BadOnionFailure(Sha256OfOnion)
{
    public override FailureCode Code => FailureCode.InvalidOnionVersion;
}

/// <summary>BADONION|PERM|5 (<c>invalid_onion_hmac</c>): BOLT #4: "The HMAC of the onion was incorrect when it reached the processing node."</summary>
public sealed record InvalidOnionHmac(Bytes32 Sha256OfOnion) : BadOnionFailure(Sha256OfOnion)
{
    public override FailureCode Code => FailureCode.InvalidOnionHmac;
}

/// <summary>BADONION|PERM|6 (<c>invalid_onion_key</c>): BOLT #4: "The ephemeral key was unparsable by the processing node."</summary>
public sealed record InvalidOnionKey(Bytes32 Sha256OfOnion) : BadOnionFailure(Sha256OfOnion)
{
    public override FailureCode Code => FailureCode.InvalidOnionKey;
}

/// <summary>BADONION|PERM|24 (<c>invalid_onion_blinding</c>): BOLT #4: "An error occurred within the blinded path."</summary>
public sealed record InvalidOnionBlinding(Bytes32 Sha256OfOnion) : BadOnionFailure(Sha256OfOnion)
{
    public override FailureCode Code => FailureCode.InvalidOnionBlinding;
}
