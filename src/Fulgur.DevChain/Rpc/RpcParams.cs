using System.Globalization;
using System.Text.Json;
using Fulgur.Bitcoin;

namespace Fulgur.DevChain.Rpc;

/// <summary>
/// A call's parameters, by position (JSON array) or by name (JSON object), as bitcoind accepts them, with its
/// conversions and error codes: a wrong JSON type is -3, a bad value -8, a missing required parameter -1.
/// </summary>
internal sealed class RpcParams
{
    private readonly JsonElement? _raw;
    private readonly string[] _names;

    public RpcParams(JsonElement? raw, params string[] names)
    {
        _raw = raw is { ValueKind: JsonValueKind.Array or JsonValueKind.Object } ? raw : null;
        _names = names;
        if (_raw is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > names.Length)
            throw new RpcException(RpcErrorCode.MiscError, $"too many parameters (at most {names.Length})");
        if (_raw is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var property in obj.EnumerateObject())
            {
                if (!names.Contains(property.Name, StringComparer.Ordinal))
                    throw new RpcException(RpcErrorCode.InvalidParameter, $"Unknown named parameter {property.Name}");
            }
        }
    }

    public JsonElement? Get(int index)
    {
        JsonElement value;
        if (_raw is { ValueKind: JsonValueKind.Array } array)
        {
            if (index >= array.GetArrayLength())
                return null;
            value = array[index];
        }
        else if (_raw is { ValueKind: JsonValueKind.Object } obj)
        {
            if (!obj.TryGetProperty(_names[index], out value))
                return null;
        }
        else
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Null ? null : value;
    }

    private JsonElement Require(int index) =>
        Get(index) ?? throw new RpcException(RpcErrorCode.MiscError, $"Missing required parameter {_names[index]}");

    public string String(int index) => AsString(Require(index), index);

    public string? OptionalString(int index) => Get(index) is { } v ? AsString(v, index) : null;

    public long Integer(int index) => AsInteger(Require(index), index);

    public long OptionalInteger(int index, long fallback) => Get(index) is { } v ? AsInteger(v, index) : fallback;

    public bool OptionalBool(int index, bool fallback) => Get(index) switch
    {
        null => fallback,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } other => throw TypeError(other, "bool", index),
    };

    /// <summary>bitcoind's AmountFromValue: a number or numeric string of BTC, at most eight decimals, within MAX_MONEY.</summary>
    public Satoshi Amount(int index)
    {
        var value = Require(index);
        decimal btc;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            btc = number;
        else if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            btc = parsed;
        else
            throw new RpcException(RpcErrorCode.TypeError, "Amount is not a number or string");
        var sats = btc * Satoshi.PerBitcoin;
        if (sats != decimal.Truncate(sats))
            throw new RpcException(RpcErrorCode.TypeError, "Invalid amount");
        if (sats < 0 || sats > Satoshi.MaxMoney.Value)
            throw new RpcException(RpcErrorCode.TypeError, "Amount out of range");
        return new Satoshi((long)sats);
    }

    public JsonElement RequireArray(int index)
    {
        var value = Require(index);
        return value.ValueKind == JsonValueKind.Array ? value : throw TypeError(value, "array", index);
    }

    private string AsString(JsonElement value, int index) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw TypeError(value, "string", index);

    private long AsInteger(JsonElement value, int index) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw TypeError(value, "number", index);

    private RpcException TypeError(JsonElement value, string expected, int index) =>
        new(RpcErrorCode.TypeError,
            $"JSON value of type {KindName(value.ValueKind)} for field {_names[index]} is not of expected type {expected}");

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}
