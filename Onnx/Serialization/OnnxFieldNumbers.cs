namespace Aitbc.Orleans.Onnx.Serialization;

/// <summary>
/// Field numbers of onnx.proto (proto2, IR version 11+), one nested class per message. The writer emits fields in
/// ascending number order, as protobuf's own serializers do, so a canonical file reads and writes back byte for byte.
/// </summary>
internal static class OnnxFieldNumbers
{
    internal static class Model
    {
        public const int IrVersion = 1;
        public const int ProducerName = 2;
        public const int ProducerVersion = 3;
        public const int Domain = 4;
        public const int ModelVersion = 5;
        public const int DocString = 6;
        public const int Graph = 7;
        public const int OpsetImport = 8;
        public const int MetadataProps = 14;
        public const int TrainingInfo = 20;
        public const int Functions = 25;
        public const int Configuration = 26;
    }

    internal static class OpsetId
    {
        public const int Domain = 1;
        public const int Version = 2;
    }

    internal static class StringEntry
    {
        public const int Key = 1;
        public const int Value = 2;
    }

    internal static class Graph
    {
        public const int Node = 1;
        public const int Name = 2;
        public const int Initializer = 5;
        public const int DocString = 10;
        public const int Input = 11;
        public const int Output = 12;
        public const int ValueInfo = 13;
        public const int QuantizationAnnotation = 14;
        public const int SparseInitializer = 15;
        public const int MetadataProps = 16;
    }

    internal static class Node
    {
        public const int Input = 1;
        public const int Output = 2;
        public const int Name = 3;
        public const int OpType = 4;
        public const int Attribute = 5;
        public const int DocString = 6;
        public const int Domain = 7;
        public const int Overload = 8;
        public const int MetadataProps = 9;
        public const int DeviceConfigurations = 10;
    }

    internal static class Attribute
    {
        public const int Name = 1;
        public const int F = 2;
        public const int I = 3;
        public const int S = 4;
        public const int T = 5;
        public const int G = 6;
        public const int Floats = 7;
        public const int Ints = 8;
        public const int Strings = 9;
        public const int Tensors = 10;
        public const int Graphs = 11;
        public const int DocString = 13;
        public const int Tp = 14;
        public const int TypeProtos = 15;
        public const int Type = 20;
        public const int RefAttrName = 21;
        public const int SparseTensor = 22;
        public const int SparseTensors = 23;
    }

    internal static class ValueInfo
    {
        public const int Name = 1;
        public const int Type = 2;
        public const int DocString = 3;
        public const int MetadataProps = 4;
    }

    internal static class Tensor
    {
        public const int Dims = 1;
        public const int DataType = 2;
        public const int Segment = 3;
        public const int FloatData = 4;
        public const int Int32Data = 5;
        public const int StringData = 6;
        public const int Int64Data = 7;
        public const int Name = 8;
        public const int RawData = 9;
        public const int DoubleData = 10;
        public const int UInt64Data = 11;
        public const int DocString = 12;
        public const int ExternalData = 13;
        public const int DataLocation = 14;
        public const int MetadataProps = 16;
    }

    internal static class Segment
    {
        public const int Begin = 1;
        public const int End = 2;
    }

    internal static class SparseTensor
    {
        public const int Values = 1;
        public const int Indices = 2;
        public const int Dims = 3;
    }

    internal static class Type
    {
        public const int TensorType = 1;
        public const int SequenceType = 4;
        public const int MapType = 5;
        public const int Denotation = 6;
        public const int OpaqueType = 7;
        public const int SparseTensorType = 8;
        public const int OptionalType = 9;
    }

    /// <summary>TypeProto.Tensor and TypeProto.SparseTensor share their numbers.</summary>
    internal static class TensorType
    {
        public const int ElemType = 1;
        public const int Shape = 2;
    }

    /// <summary>TypeProto.Sequence and TypeProto.Optional: elem_type = 1.</summary>
    internal static class ElementOf
    {
        public const int ElemType = 1;
    }

    internal static class MapType
    {
        public const int KeyType = 1;
        public const int ValueType = 2;
    }

    internal static class OpaqueType
    {
        public const int Domain = 1;
        public const int Name = 2;
    }

    internal static class Shape
    {
        public const int Dim = 1;
    }

    internal static class Dimension
    {
        public const int DimValue = 1;
        public const int DimParam = 2;
        public const int Denotation = 3;
    }
}
