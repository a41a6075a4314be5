using System.Globalization;
using System.Text.RegularExpressions;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Channels;

/// <summary>One HTLC transaction of an Appendix C case.</summary>
internal sealed record HtlcTxVector(HtlcTransactionKind Kind, int HtlcIndex, string RemoteSignature, string LocalSignature, string TxHex);

/// <summary>One output an Appendix C case lists: "HTLC #2 offered", "to_local" or "to_remote", its amount and script.</summary>
internal sealed record OutputVector(string What, long Amount, string Script);

/// <summary>One "name: commitment tx with ..." case of Appendix C.</summary>
internal sealed record CommitmentCase(
    string Name,
    MilliSatoshi ToLocal,
    MilliSatoshi ToRemote,
    FeeRate Feerate,
    long? BaseFee,
    long? ActualFee,
    IReadOnlyList<OutputVector> Outputs,
    string RemoteSignature,
    string LocalSignature,
    string CommitTxHex,
    int NumHtlcs,
    IReadOnlyList<HtlcTxVector> HtlcTxs)
{
    public override string ToString() => Name;
}

/// <summary>The test HTLCs of Appendix C ("htlc 0 direction: remote-&gt;local" ...), by index.</summary>
internal sealed record HtlcVector(int Index, HtlcDirection Direction, MilliSatoshi Amount, CltvExpiry Expiry, Preimage Preimage)
{
    public CommitmentHtlc ToCommitmentHtlc() => new(Direction, (ulong)Index, Amount, Preimage.Hash, Expiry);
}

/// <summary>Appendix C "Commitment and HTLC Transaction Test Vectors", parsed from the spec at test time.</summary>
internal sealed partial class CommitmentVectors
{
    private readonly Dictionary<string, string> _common;

    private CommitmentVectors(Dictionary<string, string> common, IReadOnlyList<HtlcVector> htlcs, IReadOnlyList<CommitmentCase> cases)
    {
        _common = common;
        Htlcs = htlcs;
        Cases = cases;
    }

    public IReadOnlyList<HtlcVector> Htlcs { get; }

    public IReadOnlyList<CommitmentCase> Cases { get; }

    public string Expected(string key) => Hex.Encode(Bolt3Spec.HexBytes(_common[key]));

    private PrivateKey Secret(string key) => PrivateKey.Create(Bolt3Spec.PrivateKeyBytes(_common[key]));

    private PublicKey Point(string key) => PublicKey.Parse(Bolt3Spec.HexBytes(_common[key]));

    public PrivateKey LocalFundingKey => Secret("local_funding_privkey");

    public PrivateKey RemoteFundingKey => Secret("remote_funding_privkey");

    /// <summary>Also the local HTLC basepoint secret: "We use the same values for the HTLC basepoints".</summary>
    public PrivateKey LocalPaymentBasepointSecret => Secret("local_payment_basepoint_secret");

    public PrivateKey RemotePaymentBasepointSecret => Secret("remote_payment_basepoint_secret");

    public PublicKey LocalPaymentBasepoint => Point("local_payment_basepoint");

    public PublicKey RemotePaymentBasepoint => Point("remote_payment_basepoint");

    public PublicKey LocalPerCommitmentPoint => Point("local_per_commitment_point");

    public ChannelBasepoints LocalBasepoints => new(
        Point("local_funding_pubkey"),
        // The local revocation basepoint plays no part in the local commitment; any valid point will do.
        Point("remote_revocation_basepoint"),
        LocalPaymentBasepoint,
        Point("local_delayed_payment_basepoint"),
        Point("local_htlc_basepoint"));

    public ChannelBasepoints RemoteBasepoints => new(
        Point("remote_funding_pubkey"),
        Point("remote_revocation_basepoint"),
        RemotePaymentBasepoint,
        // The remote delayed basepoint plays no part in the local commitment either.
        RemotePaymentBasepoint,
        Point("remote_htlc_basepoint"));

    public CommitmentKeys LocalKeys => CommitmentKeys.Derive(LocalBasepoints, RemoteBasepoints, LocalPerCommitmentPoint);

    public CommitmentNumber Number => new(Bolt3Spec.Number(_common["commitment_number"]));

    public Satoshi FundingAmount => new(long.Parse(_common["funding_amount_satoshi"], CultureInfo.InvariantCulture));

    public CommitmentParameters Parameters(CommitmentFormat format = CommitmentFormat.StaticRemoteKey) => new(
        new OutPoint(TxId.Parse(_common["funding_tx_id"]), (uint)Bolt3Spec.Number(_common["funding_output_index"])),
        FundingAmount,
        Point("local_funding_pubkey"),
        Point("remote_funding_pubkey"),
        LocalIsFunder: true,
        new Satoshi(long.Parse(_common["local_dust_limit_satoshi"], CultureInfo.InvariantCulture)),
        new ToSelfDelay(ushort.Parse(_common["local_delay"], CultureInfo.InvariantCulture)),
        CommitmentObscurer.FromPaymentBasepoints(LocalPaymentBasepoint, RemotePaymentBasepoint),
        format);

    /// <summary>
    /// The HTLCs a case commits to. BOLT #3: "the HTLCs are not used for the first "simple commitment tx with no HTLCs"
    /// test, and HTLCs 5 and 6 are only used in the "same amount and preimage" test" (which also holds HTLC 1).
    /// </summary>
    public IReadOnlyList<CommitmentHtlc> HtlcsFor(CommitmentCase c)
    {
        int[] indices = c.Name.Contains("no HTLCs", StringComparison.Ordinal) ? []
            : c.Name.Contains("same amount and preimage", StringComparison.Ordinal) ? [1, 5, 6]
            : [0, 1, 2, 3, 4];
        return [.. indices.Select(i => Htlcs[i].ToCommitmentHtlc())];
    }

    public CommitmentSpec SpecFor(CommitmentCase c) => new(c.ToLocal, c.ToRemote, c.Feerate, HtlcsFor(c));

    public static CommitmentVectors Load()
    {
        var lines = Bolt3Spec.Section("# Appendix C", "# Appendix D");
        var common = new Dictionary<string, string>();
        var cases = new List<CommitmentCase>();
        CaseBuilder? current = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("INTERNAL: ", StringComparison.Ordinal))
                line = line["INTERNAL: ".Length..];
            if (line.Length == 0)
                continue;
            if (line.StartsWith("name: ", StringComparison.Ordinal))
            {
                if (current is not null)
                    cases.Add(current.Build());
                current = new CaseBuilder(line["name: ".Length..]);
                continue;
            }
            if (current is null)
            {
                var m = KeyValue().Match(line);
                if (m.Success && !line.StartsWith('#'))
                    common[m.Groups[1].Value] = m.Groups[2].Value;
                continue;
            }
            current.Add(line);
        }
        if (current is not null)
            cases.Add(current.Build());

        var htlcs = new List<HtlcVector>();
        for (var i = 0; common.ContainsKey($"htlc {i} direction"); i++)
        {
            var direction = common[$"htlc {i} direction"] switch
            {
                "remote->local" => HtlcDirection.Received,
                "local->remote" => HtlcDirection.Offered,
                var d => throw new InvalidOperationException($"unknown direction {d}"),
            };
            htlcs.Add(new HtlcVector(
                i,
                direction,
                new MilliSatoshi(long.Parse(common[$"htlc {i} amount_msat"], CultureInfo.InvariantCulture)),
                new CltvExpiry(uint.Parse(common[$"htlc {i} expiry"], CultureInfo.InvariantCulture)),
                Preimage.Parse(common[$"htlc {i} payment_preimage"])));
        }
        Assert.True(cases.Count > 0, "no Appendix C cases found");
        return new CommitmentVectors(common, htlcs, cases);
    }

    [GeneratedRegex(@"^([a-z_0-9 ]+): (\S+)$")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"^# (HTLC #(\d+) (offered|received)|to_local|to_remote) amount (\d+) (?:wscript ([0-9a-f]+)|(P2WPKH\([0-9a-f]+\)))$")]
    private static partial Regex OutputLine();

    [GeneratedRegex(@"^htlc_(success|timeout)_tx \(htlc #(\d+)\): ([0-9a-f]+)$")]
    private static partial Regex HtlcTxLine();

    private sealed class CaseBuilder(string name)
    {
        private readonly Dictionary<string, string> _fields = [];
        private readonly List<OutputVector> _outputs = [];
        private readonly List<HtlcTxVector> _htlcTxs = [];
        private string? _remoteHtlcSignature;
        private string? _localHtlcSignature;

        public void Add(string line)
        {
            var output = OutputLine().Match(line);
            if (output.Success)
            {
                var what = output.Groups[2].Success ? $"HTLC #{output.Groups[2].Value} {output.Groups[3].Value}" : output.Groups[1].Value;
                var script = output.Groups[5].Success ? output.Groups[5].Value : output.Groups[6].Value;
                _outputs.Add(new OutputVector(what, long.Parse(output.Groups[4].Value, CultureInfo.InvariantCulture), script));
                return;
            }
            var htlcTx = HtlcTxLine().Match(line);
            if (htlcTx.Success)
            {
                _htlcTxs.Add(new HtlcTxVector(
                    htlcTx.Groups[1].Value == "success" ? HtlcTransactionKind.Success : HtlcTransactionKind.Timeout,
                    int.Parse(htlcTx.Groups[2].Value, CultureInfo.InvariantCulture),
                    _remoteHtlcSignature ?? throw new InvalidOperationException("HTLC tx without remote signature"),
                    _localHtlcSignature ?? throw new InvalidOperationException("HTLC tx without local signature"),
                    htlcTx.Groups[3].Value));
                _remoteHtlcSignature = _localHtlcSignature = null;
                return;
            }
            var text = line.StartsWith("# ", StringComparison.Ordinal) ? line[2..] : line;
            var (at, length) = text.IndexOf(" = ", StringComparison.Ordinal) is var eq and > 0
                ? (eq, 3)
                : (text.IndexOf(": ", StringComparison.Ordinal), 2);
            if (at <= 0)
                return;
            var key = text[..at];
            var value = text[(at + length)..];
            switch (key)
            {
                case "remote_htlc_signature":
                    _remoteHtlcSignature = value;
                    break;
                case "local_htlc_signature":
                    _localHtlcSignature = value;
                    break;
                default:
                    _fields[key] = value;
                    break;
            }
        }

        public CommitmentCase Build()
        {
            long? Optional(string key) => _fields.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : null;
            return new CommitmentCase(
                name,
                new MilliSatoshi(long.Parse(_fields["to_local_msat"], CultureInfo.InvariantCulture)),
                new MilliSatoshi(long.Parse(_fields["to_remote_msat"], CultureInfo.InvariantCulture)),
                new FeeRate(uint.Parse(_fields["local_feerate_per_kw"], CultureInfo.InvariantCulture)),
                Optional("base commitment transaction fee"),
                Optional("actual commitment transaction fee"),
                _outputs,
                _fields["remote_signature"],
                _fields["local_signature"],
                _fields["output commit_tx"],
                int.Parse(_fields["num_htlcs"], CultureInfo.InvariantCulture),
                _htlcTxs);
        }
    }
}
